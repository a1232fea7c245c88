package io.ledger.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name and per client address over a sliding window; past a limit,
 * further attempts for that name or from that address are refused before any password is checked,
 * until the oldest failure in the window is old enough. A guesser gets a few tries per window
 * instead of as many as bcrypt can check; a success clears its user's count (not its address's).
 */
@Component
public class SignInThrottle {

    /** Beyond this many names or addresses, those with no failure left in the window are forgotten. */
    private static final int TRACKED = 100_000;

    private final int perUser;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> users = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> addresses = new ConcurrentHashMap<>();

    public SignInThrottle(@Value("${ledger.security.sign-in-failures-per-user:5}") int perUser,
            @Value("${ledger.security.sign-in-failures-per-address:50}") int perAddress,
            @Value("${ledger.security.sign-in-failure-window:5m}") Duration window, Clock clock) {
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait before this user name may try again from this address, if at all. */
    public Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Optional<Duration> user = username == null ? Optional.empty() : wait(users.get(username), perUser, now);
        Optional<Duration> client = address == null ? Optional.empty() : wait(addresses.get(address), perAddress, now);
        if (user.isPresent() && client.isPresent()) {
            return Optional.of(user.get().compareTo(client.get()) >= 0 ? user.get() : client.get());
        }
        return user.isPresent() ? user : client;
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (username != null) {
            record(users, username, now);
        }
        if (address != null) {
            record(addresses, address, now);
        }
    }

    public void succeeded(String username) {
        users.remove(username);
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        failed(event.getAuthentication().getName(), addressOf(event.getAuthentication().getDetails()));
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        succeeded(event.getAuthentication().getName());
    }

    private static String addressOf(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }

    private Optional<Duration> wait(Deque<Instant> failures, int limit, Instant now) {
        if (failures == null) {
            return Optional.empty();
        }
        synchronized (failures) {
            prune(failures, now);
            if (failures.size() < limit) {
                return Optional.empty();
            }
            Instant free = failures.peekFirst().plus(window);
            return Optional.of(Duration.between(now, free));
        }
    }

    private void record(Map<String, Deque<Instant>> counts, String key, Instant now) {
        if (counts.size() >= TRACKED) {
            counts.values().removeIf(failures -> {
                synchronized (failures) {
                    prune(failures, now);
                    return failures.isEmpty();
                }
            });
        }
        Deque<Instant> failures = counts.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (failures) {
            prune(failures, now);
            failures.addLast(now);
        }
    }

    private void prune(Deque<Instant> failures, Instant now) {
        while (!failures.isEmpty() && !failures.peekFirst().plus(window).isAfter(now)) {
            failures.removeFirst();
        }
    }
}
