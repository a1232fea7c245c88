package io.ledger.web.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt is slow on purpose (tens of milliseconds a check), and HTTP Basic sends the password with
 * every request: checking it in full each time made a client with a hashed password a hundred times
 * slower than one with a plain one. A password found right is remembered for a while, as a keyed
 * hash of the stored hash and the password (the password itself is never kept), so that:
 * <ul>
 * <li>a wrong password is checked in full every time: a failure is never remembered and never
 * cheaper for whoever guesses;</li>
 * <li>a changed password (a new stored hash) is checked in full at once, and the old one no longer
 * matches anything remembered;</li>
 * <li>roles are not remembered here at all: they are read from the user on every request.</li>
 * </ul>
 */
final class RememberingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Duration remembered;
    private final int capacity;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Instant> verified = new ConcurrentHashMap<>();

    RememberingPasswordEncoder(PasswordEncoder delegate, Duration remembered, int capacity, Clock clock) {
        this.delegate = delegate;
        this.remembered = remembered;
        this.capacity = capacity;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret); // per process: a heap dump reveals no reusable hash
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || remembered.isZero()) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String seen = fingerprint(rawPassword, encodedPassword);
        Instant now = clock.instant();
        Instant until = verified.get(seen);
        if (until != null && now.isBefore(until)) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches) {
            if (verified.size() >= capacity) {
                verified.values().removeIf(expiry -> !now.isBefore(expiry));
                if (verified.size() >= capacity) {
                    verified.clear(); // a flood of distinct valid logins: start again rather than grow
                }
            }
            verified.put(seen, now.plus(remembered));
        } else {
            verified.remove(seen);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private String fingerprint(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}
