package io.ledger.web.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.audit.AuditService;
import io.ledger.audit.AuditService.History;
import io.ledger.audit.AuditService.HistoryEntry;
import io.ledger.audit.AuditService.HistoryPage;
import io.ledger.audit.AuditService.ProgramTotals;
import io.ledger.audit.FacilityAudit;
import io.ledger.audit.Reconciliation;
import io.ledger.eventstore.ChainVerifier;
import io.ledger.facilities.api.FacilityCommands;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.web.support.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The auditor's tools: history, evidence-backed totals, rebuild and reconciliation, tamper check, export. */
@RestController
@RequestMapping("/api/audit")
@Validated
@PreAuthorize("hasRole('AUDITOR')")
@Tag(name = "Audit")
public class AuditController {

    public record ReconciliationRequest(@NotNull String projection, Boolean keepRebuilt) {
    }

    public record AgencyHistory(String agencyId, List<String> programs, int page, int size, boolean more,
            List<HistoryEntry> events) implements History {
    }

    private final AuditService audit;
    private final FacilityAudit facilities;
    private final Reconciliation reconciliation;
    private final ChainVerifier chain;
    /** The ledger's "today", for the dates a request may name. */
    private final Clock clock;

    public AuditController(AuditService audit, FacilityAudit facilities, Reconciliation reconciliation,
            ChainVerifier chain, Clock clock) {
        this.audit = audit;
        this.clock = clock;
        this.facilities = facilities;
        this.reconciliation = reconciliation;
        this.chain = chain;
    }

    @GetMapping("/events")
    @Operation(summary = "Events of one aggregate, program or venue in order, with who did it; paged. "
            + "With agencyId instead: the agency's own events and every program event naming it.")
    public History events(@RequestParam(required = false) String aggregateId,
            @RequestParam(required = false) String programId, @RequestParam(required = false) String venueId,
            @RequestParam(required = false) String agencyId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        if (agencyId != null) {
            List<String> programs = programId != null ? List.of(programId) : audit.programIds();
            HistoryPage history = audit.agencyHistory(agencyId, programs, page, size);
            return new AgencyHistory(agencyId, programs, page, size, history.more(), history.events());
        }
        String id = aggregateId != null ? aggregateId
                : programId != null ? IncentiveCommands.programAggregateId(programId)
                : venueId != null ? FacilityCommands.venueAggregateId(venueId) : null;
        if (id == null) {
            throw Inputs.invalid("name one of aggregateId, programId, venueId, agencyId");
        }
        HistoryPage history = audit.history(id, page, size);
        if (page == 0 && history.events().isEmpty()) {
            throw Inputs.notFound(id);
        }
        return history;
    }

    @GetMapping("/programs/{programId}/totals")
    @Operation(summary = "A program's totals folded from its events, with their count, last position and digest")
    public ProgramTotals programTotals(@PathVariable String programId) {
        return audit.programTotals(programId).orElseThrow(() -> Inputs.notFound("program " + programId));
    }

    @GetMapping("/payment-activity")
    @Operation(summary = "Payment activity totals folded from the venues' events, with evidence")
    public FacilityAudit.ActivityTotals activity(@RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to) {
        Inputs.ordered(from, to);
        return facilities.activity(from, to);
    }

    @GetMapping("/coverage")
    @Operation(summary = "Coverage as of a date folded from the venues' events, with evidence")
    public FacilityAudit.Coverage coverage(@RequestParam LocalDate asOf) {
        Inputs.notInFuture("asOf", asOf, clock);
        return facilities.coverage(asOf);
    }

    @PostMapping("/reconciliations")
    @Operation(summary = "Rebuild a projection from the events into fresh collections and compare it with the live one")
    public Reconciliation.Report reconcile(@Valid @RequestBody ReconciliationRequest request) {
        if (!Reconciliation.PROJECTIONS.contains(request.projection())) {
            throw Inputs.invalid("projection: must be one of " + Reconciliation.PROJECTIONS);
        }
        return reconciliation.reconcile(request.projection(), Boolean.TRUE.equals(request.keepRebuilt()));
    }

    @GetMapping("/chain")
    @Operation(summary = "Walk the hash chain over all events without writing and name the first position that "
            + "fails; with expect=POSITION:HASH also check a head published elsewhere")
    public ChainVerifier.Verification verifyChain(@RequestParam(required = false) String expect) {
        Optional<ChainVerifier.ExpectedHead> expected;
        try {
            expected = expect == null ? Optional.empty() : Optional.of(ChainVerifier.ExpectedHead.parse(expect));
        } catch (IllegalArgumentException e) {
            throw Inputs.invalid("expect: " + e.getMessage());
        }
        return chain.verify(expected);
    }

    @GetMapping(value = "/programs/{programId}/events.csv", produces = "text/csv")
    @Operation(summary = "Every event of a program as CSV")
    public void eventsCsv(@PathVariable String programId, HttpServletResponse response) throws IOException {
        audit.eventsCsv(programId, csv(response, programId + "-events.csv"));
    }

    @GetMapping(value = "/programs/{programId}/balances.csv", produces = "text/csv")
    @Operation(summary = "Every enrolled agency's balance as CSV, now or as of an instant")
    public void balancesCsv(@PathVariable String programId, @RequestParam(required = false) Instant asOf,
            HttpServletResponse response) throws IOException {
        Inputs.notInFuture("asOf", asOf, clock);
        if (audit.programTotals(programId).isEmpty()) {
            throw Inputs.notFound("program " + programId);
        }
        audit.balancesCsv(programId, asOf, csv(response, programId + "-balances.csv"));
    }

    /** The response's writer, rows going out as they are written (the export is never held whole). */
    private static Writer csv(HttpServletResponse response, String name) throws IOException {
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        response.setContentType(new MediaType("text", "csv", StandardCharsets.UTF_8).toString());
        return response.getWriter();
    }
}
