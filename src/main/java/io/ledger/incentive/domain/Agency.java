package io.ledger.incentive.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import io.ledger.domain.Refusal;
import io.ledger.incentive.api.IncentiveCommands.RegisterAgency;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.api.IncentiveEvents.AgencyRegistered;

/** A travel agency known to the ledger. */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Agency {

    @AggregateIdentifier
    private String id;
    private AgencyRegistered registration;

    protected Agency() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterAgency command) {
        AgencyRegistered registered = new AgencyRegistered(command.agencyId(), command.name(), command.licenseNo());
        if (Refusal.isRepeat(registration, registered, "agency id " + command.agencyId())) {
            return;
        }
        apply(registered);
    }

    @EventSourcingHandler
    void on(AgencyRegistered event) {
        id = IncentiveCommands.agencyAggregateId(event.agencyId());
        registration = event;
    }
}
