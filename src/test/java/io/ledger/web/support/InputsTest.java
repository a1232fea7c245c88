package io.ledger.web.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.ledger.web.problem.ProblemException;

/** The date bounds at their edges, on a clock that stands still: 15 June 2025, just after midnight in Beijing. */
class InputsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-14T16:30:00Z"), ZoneId.of("Asia/Shanghai"));

    @Test
    void facilityDatesRunFrom1990ToTodayInTheLedgersZone() {
        assertThatThrownBy(() -> Inputs.facilityDate("installedOn", LocalDate.of(1989, 12, 31), CLOCK))
                .isInstanceOf(ProblemException.class).hasMessageContaining("1990-01-01");
        assertThatCode(() -> Inputs.facilityDate("installedOn", LocalDate.of(1990, 1, 1), CLOCK))
                .doesNotThrowAnyException();
        // already the 15th in Beijing, still the 14th in UTC
        assertThatCode(() -> Inputs.facilityDate("installedOn", LocalDate.of(2025, 6, 15), CLOCK))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Inputs.facilityDate("installedOn", LocalDate.of(2025, 6, 16), CLOCK))
                .isInstanceOf(ProblemException.class).hasMessageContaining("future");
    }

    @Test
    void aVenueOpensAtMostAYearFromToday() {
        assertThatCode(() -> Inputs.openingDate(LocalDate.of(2026, 6, 15), CLOCK)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Inputs.openingDate(LocalDate.of(2026, 6, 16), CLOCK))
                .isInstanceOf(ProblemException.class).hasMessageContaining("a year from today");
        assertThatCode(() -> Inputs.openingDate(LocalDate.of(1800, 1, 1), CLOCK)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Inputs.openingDate(LocalDate.of(1799, 12, 31), CLOCK))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void anAsOfInstantMayBeNowButNotLater() {
        assertThatCode(() -> Inputs.notInFuture("asOf", CLOCK.instant(), CLOCK)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Inputs.notInFuture("asOf", CLOCK.instant().plusMillis(1), CLOCK))
                .isInstanceOf(ProblemException.class).hasMessageContaining("asOf");
    }
}
