package io.ledger.facilities.api;

import java.time.LocalDate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.ledger.api.Money;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;

/** What facility operators record. Ids are chosen by the client; every command is idempotent on them. */
public final class FacilityCommands {

    private FacilityCommands() {
    }

    public static String venueAggregateId(String venueId) {
        return "venue:" + venueId;
    }

    public record RegisterVenue(String venueId, String name, Category category, String district, LocalDate openedOn) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return venueAggregateId(venueId);
        }
    }

    public record InstallFacility(String venueId, String facilityId, Kind kind, LocalDate installedOn) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return venueAggregateId(venueId);
        }
    }

    public record RemoveFacility(String venueId, String facilityId, LocalDate removedOn, String reason) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return venueAggregateId(venueId);
        }
    }

    public record RecordPaymentActivity(String venueId, String activityId, Channel channel, LocalDate periodStart,
            LocalDate periodEnd, long transactions, Money amount, long visitorsServed) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return venueAggregateId(venueId);
        }
    }
}
