package io.ledger.facilities.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The one reading of facility dates: installed on the day, removed from the day of removal. */
class FacilityCalendarTest {

    static final LocalDate JAN_15 = LocalDate.of(2024, 1, 15);
    static final LocalDate MAR_1 = LocalDate.of(2024, 3, 1);

    @Test
    void aFacilityServesFromItsInstallationUpToTheDayItIsRemoved() {
        assertThat(FacilityCalendar.inServiceOn(JAN_15, MAR_1, JAN_15.minusDays(1))).isFalse();
        assertThat(FacilityCalendar.inServiceOn(JAN_15, MAR_1, JAN_15)).isTrue();
        assertThat(FacilityCalendar.inServiceOn(JAN_15, MAR_1, MAR_1.minusDays(1))).isTrue();
        assertThat(FacilityCalendar.inServiceOn(JAN_15, MAR_1, MAR_1)).isFalse();
        assertThat(FacilityCalendar.inServiceOn(JAN_15, null, LocalDate.of(2030, 1, 1))).isTrue();
    }

    @Test
    void aPeriodIsServedWhenOneOfItsDaysIs() {
        assertThat(FacilityCalendar.inServiceDuring(JAN_15, MAR_1, JAN_15.minusDays(5), JAN_15)).isTrue();
        assertThat(FacilityCalendar.inServiceDuring(JAN_15, MAR_1, JAN_15.minusDays(5), JAN_15.minusDays(1)))
                .isFalse();
        assertThat(FacilityCalendar.inServiceDuring(JAN_15, MAR_1, MAR_1.minusDays(1), MAR_1.plusDays(5))).isTrue();
        assertThat(FacilityCalendar.inServiceDuring(JAN_15, MAR_1, MAR_1, MAR_1.plusDays(5))).isFalse();
        assertThat(FacilityCalendar.inServiceDuring(JAN_15, null, MAR_1, MAR_1)).isTrue();
    }

    @Test
    void aVenueCountsFromTheDayItOpened() {
        assertThat(FacilityCalendar.openOn(JAN_15, JAN_15)).isTrue();
        assertThat(FacilityCalendar.openOn(JAN_15, JAN_15.minusDays(1))).isFalse();
        assertThat(FacilityCalendar.openOn(null, JAN_15)).isTrue();
    }

    @Test
    void anActivityRecordBelongsToARangeWhenItsWholePeriodLiesInside() {
        assertThat(FacilityCalendar.periodWithin(JAN_15, MAR_1, JAN_15, MAR_1)).isTrue();
        assertThat(FacilityCalendar.periodWithin(JAN_15, MAR_1, JAN_15.plusDays(1), null)).isFalse();
        assertThat(FacilityCalendar.periodWithin(JAN_15, MAR_1, null, MAR_1.minusDays(1))).isFalse();
        assertThat(FacilityCalendar.periodWithin(JAN_15, MAR_1, null, null)).isTrue();
    }
}
