package io.ledger.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.ledger.testsupport.MovableClock;

/** A password found right is checked in full once per lifetime; a wrong one every time. */
class RememberingPasswordEncoderTest {

    /** Counts the full checks of the real delegating encoder. */
    static final class Counting implements PasswordEncoder {
        final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    }

    final Counting counting = new Counting();
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T00:00:00Z"));
    final RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(counting, Duration.ofMinutes(5), 100,
            clock);
    final String stored = counting.encode("s3cret");

    @Test
    void aRightPasswordIsCheckedInFullOnceWithinItsLifetime() {
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(counting.checks).hasValue(1);
    }

    @Test
    void aWrongPasswordIsCheckedInFullEveryTimeAndNeverLetIn() {
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(encoder.matches("guess", stored)).isFalse();
        assertThat(encoder.matches("guess", stored)).isFalse();
        assertThat(encoder.matches("s3cret ", stored)).isFalse();
        assertThat(counting.checks).hasValue(4);
    }

    @Test
    void aChangedPasswordIsCheckedAgainstItsNewHashAtOnce() {
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        String changed = counting.encode("n3w");
        assertThat(encoder.matches("s3cret", changed)).isFalse();
        assertThat(encoder.matches("n3w", changed)).isTrue();
        assertThat(counting.checks).hasValue(3);
    }

    @Test
    void pastItsLifetimeThePasswordIsCheckedInFullAgain() {
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(counting.checks).hasValue(2);
    }

    @Test
    void aLifetimeOfZeroChecksEveryRequestInFull() {
        RememberingPasswordEncoder never = new RememberingPasswordEncoder(counting, Duration.ZERO, 100, clock);
        assertThat(never.matches("s3cret", stored)).isTrue();
        assertThat(never.matches("s3cret", stored)).isTrue();
        assertThat(counting.checks).hasValue(2);
    }

    @Test
    void aFullMemoryForgetsRatherThanGrows() {
        RememberingPasswordEncoder small = new RememberingPasswordEncoder(counting, Duration.ofMinutes(5), 2, clock);
        String a = counting.encode("a");
        String b = counting.encode("b");
        String c = counting.encode("c");
        small.matches("a", a);
        small.matches("b", b);
        small.matches("c", c); // full: forgets a and b
        small.matches("a", a);
        assertThat(counting.checks).hasValue(4);
    }
}
