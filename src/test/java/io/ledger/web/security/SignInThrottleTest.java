package io.ledger.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.ledger.testsupport.MovableClock;

/** A few failures per window for a name or an address; then a wait until the oldest one is old enough. */
class SignInThrottleTest {

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T00:00:00Z"));
    final SignInThrottle throttle = new SignInThrottle(3, 10, Duration.ofMinutes(5), clock);

    @Test
    void aNameIsHeldBackAtItsLimitUntilItsOldestFailureIsOldEnough() {
        throttle.failed("officer1", "10.0.0.1");
        clock.advance(Duration.ofSeconds(60));
        throttle.failed("officer1", "10.0.0.2");
        assertThat(throttle.retryAfter("officer1", "10.0.0.3")).isEmpty();
        throttle.failed("officer1", "10.0.0.3");

        assertThat(throttle.retryAfter("officer1", "10.0.0.9")).contains(Duration.ofMinutes(4));
        assertThat(throttle.retryAfter("officer2", "10.0.0.9")).as("another name").isEmpty();
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.retryAfter("officer1", "10.0.0.9")).as("the oldest failure left the window").isEmpty();
    }

    @Test
    void anAddressIsHeldBackAtItsLimitWhateverTheName() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("guess" + i, "10.0.0.1");
        }
        assertThat(throttle.retryAfter("officer2", "10.0.0.1")).contains(Duration.ofMinutes(5));
        assertThat(throttle.retryAfter("officer2", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessClearsItsNameButNotItsAddress() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("officer1", "10.0.0.1");
        }
        throttle.succeeded("officer1");
        assertThat(throttle.retryAfter("officer1", "10.0.0.2")).isEmpty();
        for (int i = 0; i < 7; i++) {
            throttle.failed("other" + i, "10.0.0.1");
        }
        assertThat(throttle.retryAfter("officer1", "10.0.0.1")).as("the address's ten failures stay").isPresent();
    }

    @Test
    void onlyBasicCredentialsNameAUser() {
        assertThat(SignInThrottleFilter.basicUser("Basic b2ZmaWNlcjE6c2VjcmV0")).contains("officer1");
        assertThat(SignInThrottleFilter.basicUser("basic b2ZmaWNlcjE6c2VjcmV0")).contains("officer1");
        assertThat(SignInThrottleFilter.basicUser("Bearer abc")).isEmpty();
        assertThat(SignInThrottleFilter.basicUser("Basic !!!")).isEmpty();
        assertThat(SignInThrottleFilter.basicUser(null)).isEmpty();
    }
}
