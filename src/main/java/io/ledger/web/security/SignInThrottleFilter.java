package io.ledger.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.ledger.web.limits.ThrottledRequests;
import io.ledger.web.problem.ProblemResponses;
import io.ledger.web.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs before Spring Security on every request that tries to sign in (HTTP Basic credentials, or the
 * console's login form): a name or an address past its limit of failures is refused with
 * {@code 429} and {@code Retry-After} before its password is checked at all.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER - 1)
public class SignInThrottleFilter extends OncePerRequestFilter {

    static final String CODE = "TOO_MANY_FAILED_SIGN_INS";

    private final SignInThrottle throttle;
    private final ProblemResponses problems;
    private final ThrottledRequests throttled;

    public SignInThrottleFilter(SignInThrottle throttle, ProblemResponses problems, MeterRegistry registry) {
        this.throttle = throttle;
        this.problems = problems;
        this.throttled = new ThrottledRequests(registry, CODE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean consoleSignIn = "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath());
        Optional<String> username = consoleSignIn ? Optional.ofNullable(request.getParameter("username"))
                : basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (username.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Duration> wait = throttle.retryAfter(username.get(), request.getRemoteAddr());
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        throttled.count(consoleSignIn);
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        if (consoleSignIn) {
            response.sendRedirect(request.getContextPath() + "/login?throttled");
            return;
        }
        problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, CODE, "Too many failed sign-ins "
                + "for this user or from this address; try again in " + seconds + " s."));
    }

    /** The user name of HTTP Basic credentials; empty for anything else (the security chain answers that). */
    static Optional<String> basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
