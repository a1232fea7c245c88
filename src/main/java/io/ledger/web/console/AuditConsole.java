package io.ledger.web.console;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.ledger.audit.AuditService;
import io.ledger.audit.AuditService.HistoryPage;
import io.ledger.audit.AuditService.Strand;
import io.ledger.audit.Reconciliation;
import io.ledger.facilities.api.FacilityCommands;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.application.IncentiveApplication;
import io.ledger.web.audit.AuditController;
import io.ledger.web.audit.AuditController.ReconciliationRequest;
import io.ledger.web.support.Inputs;

/**
 * The auditor's pages: who did what and when, balances at any instant, totals with their evidence,
 * the hash chain and reconciliations, CSV downloads. All answered from the event store through the
 * audit API's own controller and service.
 */
@Controller
@PreAuthorize("hasRole('AUDITOR')") // besides the console filter chain's rule for the same paths
public class AuditConsole {

    static final int PAGE = 50;

    private final AuditService audit;
    private final AuditController controller;
    private final IncentiveApplication incentive;
    private final ZoneId zone;
    private final Clock clock;

    public AuditConsole(AuditService audit, AuditController controller, IncentiveApplication incentive,
            @Value("${ledger.time-zone:Asia/Shanghai}") ZoneId zone, Clock clock) {
        this.audit = audit;
        this.controller = controller;
        this.incentive = incentive;
        this.zone = zone;
        this.clock = clock;
    }

    @GetMapping("/console/audit")
    public String home(@RequestParam(defaultValue = "program") String kind, @RequestParam(required = false) String id,
            @RequestParam(required = false) String programId, @RequestParam(defaultValue = "0") int page,
            Model model) {
        model.addAttribute("programs", audit.programIds());
        model.addAttribute("kind", kind);
        model.addAttribute("id", id);
        model.addAttribute("programId", programId);
        if (id != null && !id.isBlank()) {
            Attempt.run(model, "history", typed("id", id, "programId", programId), () -> {
                HistoryPage history = audit.history(id.trim(), strands(kind, id.trim(), programId),
                        Math.max(0, page), PAGE);
                model.addAttribute("entries", history.events());
                model.addAttribute("page", history.page());
                model.addAttribute("more", history.more());
            });
        }
        return "console/audit";
    }

    /** What a search form sent, in its order; a field left out is absent, not null. */
    private static Map<String, String> typed(String... namesAndValues) {
        Map<String, String> typed = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                typed.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return typed;
    }

    /** The events of one program, agency, venue, or those of a program naming one report or payout. */
    private List<Strand> strands(String kind, String id, String programId) {
        return switch (kind) {
            case "agency" -> AuditService.agencyStrands(id, audit.programIds());
            case "venue" -> List.of(Strand.all(FacilityCommands.venueAggregateId(id)));
            case "payout" -> incentive.programsWithPayout(id).stream()
                    .map(p -> new Strand(IncentiveCommands.programAggregateId(p), "payoutId", id)).toList();
            case "report" -> programId == null || programId.isBlank() ? List.of()
                    : List.of(new Strand(IncentiveCommands.programAggregateId(programId.trim()), "reportId", id));
            default -> List.of(Strand.all(IncentiveCommands.programAggregateId(id)));
        };
    }

    @GetMapping("/console/audit/balance")
    public String balance(@RequestParam String programId, @RequestParam String agencyId, @RequestParam LocalDateTime at,
            Model model) {
        model.addAttribute("balanceAsked", true);
        Attempt.run(model, "balance", typed("programId", programId, "agencyId", agencyId, "at", at.toString()), () -> {
            Inputs.notInFuture("at", at.atZone(zone).toInstant(), clock);
            model.addAttribute("balanceAsOf", audit.balanceAsOf(programId.trim(), agencyId.trim(),
                    at.atZone(zone).toInstant()).orElse(null));
        });
        return home("program", null, null, 0, model);
    }

    @GetMapping("/console/audit/totals")
    public String totals(@RequestParam String programId, Model model) {
        model.addAttribute("totalsAsked", programId.trim());
        Attempt.run(model, "totals", typed("programId", programId),
                () -> model.addAttribute("totals", audit.programTotals(programId.trim()).orElse(null)));
        return home("program", null, null, 0, model);
    }

    @PostMapping("/console/audit/chain")
    public String chain(Model model) {
        model.addAttribute("chain", controller.verifyChain(null));
        return home("program", null, null, 0, model);
    }

    @PostMapping("/console/audit/reconciliations")
    public String reconcile(@RequestParam String projection, Model model) {
        if (Reconciliation.PROJECTIONS.contains(projection)) {
            model.addAttribute("reconciliation", controller.reconcile(new ReconciliationRequest(projection, false)));
        }
        return home("program", null, null, 0, model);
    }

    @GetMapping("/console/audit/programs/{programId}/events.csv")
    public void eventsCsv(@PathVariable String programId, HttpServletResponse response) throws IOException {
        controller.eventsCsv(programId, response);
    }

    @GetMapping("/console/audit/programs/{programId}/balances.csv")
    public void balancesCsv(@PathVariable String programId, HttpServletResponse response) throws IOException {
        controller.balancesCsv(programId, null, response);
    }

    /** Reconciliation choices, in the order the audit API knows them. */
    @ModelAttribute("projections")
    public List<String> projections() {
        return Reconciliation.PROJECTIONS;
    }
}
