package io.ledger.facilities.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import io.ledger.domain.Refusal;
import io.ledger.domain.RefusalCode;
import io.ledger.facilities.api.FacilityCalendar;
import io.ledger.facilities.api.FacilityCommands.InstallFacility;
import io.ledger.facilities.api.FacilityCommands.RecordPaymentActivity;
import io.ledger.facilities.api.FacilityCommands.RegisterVenue;
import io.ledger.facilities.api.FacilityCommands.RemoveFacility;
import io.ledger.facilities.api.FacilityCommands;
import io.ledger.facilities.api.FacilityEvents.FacilityInstalled;
import io.ledger.facilities.api.FacilityEvents.FacilityRemoved;
import io.ledger.facilities.api.FacilityEvents.PaymentActivityRecorded;
import io.ledger.facilities.api.FacilityEvents.VenueRegistered;
import io.ledger.facilities.api.FacilityVocabulary.Channel;

/** A scenic spot, hotel, airport or street, its payment facilities over time, and the payments made there. */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Venue {

    @AggregateIdentifier
    private String id;
    private VenueRegistered registration;
    private Map<String, FacilityInstalled> installed = new HashMap<>();
    private Map<String, FacilityRemoved> removed = new HashMap<>();
    private Map<String, PaymentActivityRecorded> activities = new HashMap<>();

    protected Venue() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterVenue command) {
        VenueRegistered registered = new VenueRegistered(command.venueId(), command.name(), command.category(),
                command.district(), command.openedOn());
        if (Refusal.isRepeat(registration, registered, "venue id " + command.venueId())) {
            return;
        }
        apply(registered);
    }

    @CommandHandler
    public void handle(InstallFacility command, Clock clock) {
        FacilityInstalled installation = new FacilityInstalled(command.venueId(), command.facilityId(), command.kind(),
                command.installedOn());
        FacilityInstalled earlier = installed.get(command.facilityId());
        if (Refusal.isRepeat(earlier, installation, "facility id " + command.facilityId())) {
            return;
        }
        if (command.installedOn().isAfter(LocalDate.now(clock))) {
            throw new Refusal(RefusalCode.DATE_IN_FUTURE, "installedOn " + command.installedOn() + " is in the future");
        }
        apply(installation);
    }

    @CommandHandler
    public void handle(RemoveFacility command, Clock clock) {
        FacilityInstalled facility = installed.get(command.facilityId());
        if (facility == null) {
            throw Refusal.notFound("facility " + command.facilityId() + " at venue " + command.venueId());
        }
        FacilityRemoved earlier = removed.get(command.facilityId());
        if (earlier != null) {
            if (earlier.removedOn().equals(command.removedOn()) && Objects.equals(earlier.reason(), command.reason())) {
                return;
            }
            throw new Refusal(RefusalCode.FACILITY_ALREADY_REMOVED, "facility " + command.facilityId()
                    + " was removed on " + earlier.removedOn());
        }
        if (command.removedOn().isBefore(facility.installedOn())) {
            throw new Refusal(RefusalCode.INVALID_PERIOD, "removedOn " + command.removedOn() + " is before installedOn "
                    + facility.installedOn());
        }
        if (command.removedOn().isAfter(LocalDate.now(clock))) {
            throw new Refusal(RefusalCode.DATE_IN_FUTURE, "removedOn " + command.removedOn() + " is in the future");
        }
        apply(new FacilityRemoved(command.venueId(), command.facilityId(), facility.kind(), command.removedOn(),
                command.reason()));
    }

    @CommandHandler
    public void handle(RecordPaymentActivity command, Clock clock) {
        PaymentActivityRecorded recorded = new PaymentActivityRecorded(command.venueId(), command.activityId(),
                command.channel(), command.periodStart(), command.periodEnd(), command.transactions(),
                command.amount(), command.visitorsServed());
        PaymentActivityRecorded earlier = activities.get(command.activityId());
        if (Refusal.isRepeat(earlier, recorded, "activity id " + command.activityId())) {
            return;
        }
        if (command.periodEnd().isBefore(command.periodStart())) {
            throw new Refusal(RefusalCode.INVALID_PERIOD, "periodEnd is before periodStart");
        }
        if (command.periodEnd().isAfter(LocalDate.now(clock))) {
            throw new Refusal(RefusalCode.DATE_IN_FUTURE,
                    "the period ends in the future: activity is recorded once it happened");
        }
        if (command.transactions() < 0 || command.visitorsServed() < 0 || command.amount().isNegative()) {
            throw Refusal.invalid("transactions, amount and visitorsServed must not be negative");
        }
        if (!canCarry(command.channel(), command.periodStart(), command.periodEnd())) {
            throw new Refusal(RefusalCode.NO_FACILITY_FOR_CHANNEL, "no facility of venue " + command.venueId()
                    + " could carry "
                    + command.channel() + " between " + command.periodStart() + " and " + command.periodEnd()
                    + " (needs one of " + command.channel().carriedBy() + ")");
        }
        apply(recorded);
    }

    /** A facility of a fitting kind was in service on at least one day of the period. */
    private boolean canCarry(Channel channel, LocalDate start, LocalDate end) {
        return installed.values().stream()
                .filter(f -> channel.carriedBy().contains(f.kind()))
                .anyMatch(f -> FacilityCalendar.inServiceDuring(f.installedOn(), removedOn(f.facilityId()), start,
                        end));
    }

    private LocalDate removedOn(String facilityId) {
        FacilityRemoved removal = removed.get(facilityId);
        return removal == null ? null : removal.removedOn();
    }

    @EventSourcingHandler
    void on(VenueRegistered event) {
        id = FacilityCommands.venueAggregateId(event.venueId());
        registration = event;
    }

    @EventSourcingHandler
    void on(FacilityInstalled event) {
        installed.put(event.facilityId(), event);
    }

    @EventSourcingHandler
    void on(FacilityRemoved event) {
        removed.put(event.facilityId(), event);
    }

    @EventSourcingHandler
    void on(PaymentActivityRecorded event) {
        activities.put(event.activityId(), event);
    }
}
