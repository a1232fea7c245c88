package io.ledger.facilities.api;

import java.time.LocalDate;

/**
 * The ledger's one reading of the facility dates, for the venue aggregate, the read models and the
 * audit alike: a facility serves from the day it is installed up to, not including, the day it is
 * removed; a venue counts from the day it opened; an activity record belongs to a range when its
 * whole period lies inside it.
 */
public final class FacilityCalendar {

    private FacilityCalendar() {
    }

    /** @param removedOn null while the facility is still installed */
    public static boolean inServiceOn(LocalDate installedOn, LocalDate removedOn, LocalDate day) {
        return !installedOn.isAfter(day) && (removedOn == null || removedOn.isAfter(day));
    }

    /** In service on at least one day of {@code first … last}. */
    public static boolean inServiceDuring(LocalDate installedOn, LocalDate removedOn, LocalDate first,
            LocalDate last) {
        return !installedOn.isAfter(last) && (removedOn == null || removedOn.isAfter(first));
    }

    /** @param openedOn null for a venue registered without an opening date: open since ever */
    public static boolean openOn(LocalDate openedOn, LocalDate day) {
        return openedOn == null || !openedOn.isAfter(day);
    }

    /** @param from null for no lower bound; @param to null for no upper bound (both inclusive) */
    public static boolean periodWithin(LocalDate periodStart, LocalDate periodEnd, LocalDate from, LocalDate to) {
        return (from == null || !periodStart.isBefore(from)) && (to == null || !periodEnd.isAfter(to));
    }
}
