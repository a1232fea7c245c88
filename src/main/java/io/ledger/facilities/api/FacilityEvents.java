package io.ledger.facilities.api;

import java.time.LocalDate;

import io.ledger.api.Money;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;

/** What happened to venues and their payment facilities. Dates in them, not recording times, decide "as of". */
public final class FacilityEvents {

    private FacilityEvents() {
    }

    /** {@code openedOn} may be null: the venue then counts at every date. */
    public record VenueRegistered(String venueId, String name, Category category, String district,
            LocalDate openedOn) {
    }

    public record FacilityInstalled(String venueId, String facilityId, Kind kind, LocalDate installedOn) {
    }

    public record FacilityRemoved(String venueId, String facilityId, Kind kind, LocalDate removedOn, String reason) {
    }

    public record PaymentActivityRecorded(String venueId, String activityId, Channel channel, LocalDate periodStart,
            LocalDate periodEnd, long transactions, Money amount, long visitorsServed) {
    }
}
