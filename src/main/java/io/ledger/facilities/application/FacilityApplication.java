package io.ledger.facilities.application;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.ledger.application.CommandSender;
import io.ledger.domain.Refusal;
import io.ledger.facilities.api.FacilityCommands.InstallFacility;
import io.ledger.facilities.api.FacilityCommands.RecordPaymentActivity;
import io.ledger.facilities.api.FacilityCommands.RegisterVenue;
import io.ledger.facilities.api.FacilityCommands.RemoveFacility;
import io.ledger.facilities.api.FacilityViews.ActivityTotals;
import io.ledger.facilities.api.FacilityViews.Coverage;
import io.ledger.facilities.api.FacilityViews.VenueOnDate;
import io.ledger.facilities.api.FacilityViews.VenueView;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.facilities.FacilityQueries;

/**
 * The facility ledger as its callers use it: each command is sent, its effect waited for in the
 * facility read model, and answered as the view it changed; questions are answered from that model.
 */
@Service
public class FacilityApplication {

    private final CommandSender commands;
    private final FacilityQueries queries;

    public FacilityApplication(CommandSender commands, FacilityQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    public VenueView register(RegisterVenue command) {
        return venueAfter(command, command.venueId());
    }

    public VenueView install(InstallFacility command) {
        return venueAfter(command, command.venueId());
    }

    public VenueView remove(RemoveFacility command) {
        return venueAfter(command, command.venueId());
    }

    /** The venue's activity totals over all its records, this one included. */
    public ActivityTotals record(RecordPaymentActivity command) {
        commands.send(command, FacilityCollections.PROCESSING_GROUP);
        return queries.activity(null, null, command.venueId());
    }

    public Optional<VenueView> venue(String venueId) {
        return queries.venue(venueId);
    }

    public Coverage coverage(LocalDate asOf) {
        return queries.coverage(asOf);
    }

    /** Totals per channel of the records whose period lies within from…to (each bound left out when null). */
    public ActivityTotals activity(LocalDate from, LocalDate to, String venueId) {
        return queries.activity(from, to, venueId);
    }

    public List<VenueOnDate> venuesOn(Category category, LocalDate asOf) {
        return queries.venuesOn(category, asOf);
    }

    private VenueView venueAfter(Object command, String venueId) {
        commands.send(command, FacilityCollections.PROCESSING_GROUP);
        return queries.venue(venueId).orElseThrow(() -> Refusal.notFound("venue " + venueId));
    }
}
