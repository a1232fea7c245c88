package io.ledger.web.facilities;

import static io.ledger.web.support.Inputs.ID_PATTERN;

import java.time.Clock;
import java.time.LocalDate;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.facilities.api.FacilityCommands.InstallFacility;
import io.ledger.facilities.api.FacilityCommands.RecordPaymentActivity;
import io.ledger.facilities.api.FacilityCommands.RegisterVenue;
import io.ledger.facilities.api.FacilityCommands.RemoveFacility;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;
import io.ledger.facilities.api.FacilityViews.ActivityTotals;
import io.ledger.facilities.api.FacilityViews.Coverage;
import io.ledger.facilities.api.FacilityViews.VenueView;
import io.ledger.facilities.application.FacilityApplication;
import io.ledger.web.support.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Validated
@Tag(name = "Payment facilities")
public class FacilityController {

    public record VenueRequest(@NotNull @Pattern(regexp = ID_PATTERN) String venueId,
            @NotBlank @Size(max = 200) String name, @NotNull Category category,
            @NotBlank @Size(max = 100) String district, LocalDate openedOn) {
    }

    public record FacilityRequest(@NotNull @Pattern(regexp = ID_PATTERN) String facilityId, @NotNull Kind kind,
            @NotNull LocalDate installedOn) {
    }

    public record RemovalRequest(@NotNull LocalDate removedOn, @NotBlank @Size(max = 500) String reason) {
    }

    public record ActivityRequest(@NotNull @Pattern(regexp = ID_PATTERN) String activityId, @NotNull Channel channel,
            @NotNull LocalDate periodStart, @NotNull LocalDate periodEnd,
            @Min(0) @Max(1_000_000_000_000L) long transactions, @NotNull String amount,
            @Min(0) @Max(1_000_000_000_000L) long visitorsServed) {
    }

    private final FacilityApplication facilities;
    private final Clock clock;

    public FacilityController(FacilityApplication facilities, Clock clock) {
        this.facilities = facilities;
        this.clock = clock;
    }

    @PostMapping("/api/venues")
    @PreAuthorize("hasRole('FACILITY_OPERATOR')")
    @Operation(summary = "Register a venue (idempotent on venueId); without openedOn it counts at every date")
    public ResponseEntity<VenueView> register(@Valid @RequestBody VenueRequest request) {
        Inputs.openingDate(request.openedOn(), clock);
        return ResponseEntity.status(HttpStatus.CREATED).body(facilities.register(new RegisterVenue(request.venueId(),
                request.name(), request.category(), request.district(), request.openedOn())));
    }

    @PostMapping("/api/venues/{venueId}/facilities")
    @PreAuthorize("hasRole('FACILITY_OPERATOR')")
    @Operation(summary = "Record that a payment facility was installed at a venue (idempotent on facilityId)")
    public ResponseEntity<VenueView> install(@PathVariable String venueId, @Valid @RequestBody FacilityRequest request) {
        Inputs.facilityDate("installedOn", request.installedOn(), clock);
        return ResponseEntity.status(HttpStatus.CREATED).body(facilities.install(new InstallFacility(venueId,
                request.facilityId(), request.kind(), request.installedOn())));
    }

    @PostMapping("/api/venues/{venueId}/facilities/{facilityId}/removal")
    @PreAuthorize("hasRole('FACILITY_OPERATOR')")
    @Operation(summary = "Record that a facility was taken out of service")
    public VenueView remove(@PathVariable String venueId, @PathVariable String facilityId,
            @Valid @RequestBody RemovalRequest request) {
        Inputs.facilityDate("removedOn", request.removedOn(), clock);
        return facilities.remove(new RemoveFacility(venueId, facilityId, request.removedOn(), request.reason()));
    }

    @PostMapping("/api/venues/{venueId}/activity")
    @PreAuthorize("hasRole('FACILITY_OPERATOR')")
    @Operation(summary = "Record payment activity of a venue over a past period (idempotent on activityId)")
    public ResponseEntity<ActivityTotals> record(@PathVariable String venueId,
            @Valid @RequestBody ActivityRequest request) {
        Inputs.facilityDate("periodStart", request.periodStart(), clock);
        Inputs.facilityDate("periodEnd", request.periodEnd(), clock);
        return ResponseEntity.status(HttpStatus.CREATED).body(facilities.record(new RecordPaymentActivity(venueId,
                request.activityId(), request.channel(), request.periodStart(), request.periodEnd(),
                request.transactions(), Inputs.money("amount", request.amount()), request.visitorsServed())));
    }

    @GetMapping("/api/venues/{venueId}")
    @PreAuthorize("hasAnyRole('FACILITY_OPERATOR', 'FINANCE_OFFICER', 'AUDITOR')")
    @Operation(summary = "A venue with its facilities and their service dates")
    public VenueView venue(@PathVariable String venueId) {
        return facilities.venue(venueId).orElseThrow(() -> Inputs.notFound("venue " + venueId));
    }

    @GetMapping("/api/coverage")
    @PreAuthorize("hasAnyRole('FACILITY_OPERATOR', 'FINANCE_OFFICER', 'AUDITOR')")
    @Operation(summary = "Per category: share of open venues with a working foreign-card POS and with currency "
            + "exchange, as of a date (default today)")
    public Coverage coverage(@RequestParam(required = false) LocalDate asOf) {
        Inputs.notInFuture("asOf", asOf, clock);
        return facilities.coverage(asOf != null ? asOf : LocalDate.now(clock));
    }

    @GetMapping("/api/payment-activity")
    @PreAuthorize("hasAnyRole('FACILITY_OPERATOR', 'FINANCE_OFFICER', 'AUDITOR')")
    @Operation(summary = "Totals per channel of the records whose period lies within from…to, overall or of one venue")
    public ActivityTotals activity(@RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String venueId) {
        Inputs.ordered(from, to);
        if (venueId != null && facilities.venue(venueId).isEmpty()) {
            throw Inputs.notFound("venue " + venueId);
        }
        return facilities.activity(from, to, venueId);
    }
}
