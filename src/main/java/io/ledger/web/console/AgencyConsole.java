package io.ledger.web.console;

import static io.ledger.web.console.ConsoleHome.date;
import static io.ledger.web.console.ConsoleHome.field;
import static io.ledger.web.console.ConsoleHome.integer;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.ledger.audit.AuditService;
import io.ledger.incentive.api.IncentiveViews.ProgramView;
import io.ledger.incentive.application.IncentiveApplication;
import io.ledger.web.incentive.ReportController;
import io.ledger.web.incentive.ReportController.ReportRequest;
import io.ledger.web.security.LedgerUser;
import io.ledger.web.support.Inputs;

/**
 * An agency's own pages. The agency is always the signed-in user's: no page takes an agency id, so
 * no link or typed URL reaches another agency's figures.
 */
@Controller
@PreAuthorize("hasRole('AGENCY')") // besides the console filter chain's rule for the same paths
public class AgencyConsole {

    /** Payouts shown on the page: the most an agency has in a program year, with room. */
    private static final int PAGE = 500;

    private final IncentiveApplication incentive;
    private final AuditService audit;
    private final ReportController reports;
    private final ZoneId zone;
    private final Clock clock;

    public AgencyConsole(IncentiveApplication incentive, AuditService audit, ReportController reports,
            @Value("${ledger.time-zone:Asia/Shanghai}") ZoneId zone, Clock clock) {
        this.incentive = incentive;
        this.audit = audit;
        this.reports = reports;
        this.zone = zone;
        this.clock = clock;
    }

    @GetMapping("/console/agency")
    public String home(@RequestParam(required = false) String programId, @RequestParam(required = false) LocalDate asOf,
            @AuthenticationPrincipal LedgerUser user, Model model) {
        String agencyId = user.agencyId().orElseThrow();
        List<ProgramView> programs = incentive.programs().stream()
                .filter(p -> p.enrolledAgencies().contains(agencyId)).toList();
        model.addAttribute("agency", incentive.agency(agencyId).orElse(null));
        model.addAttribute("agencyId", agencyId);
        model.addAttribute("programs", programs);
        // unless one is chosen: the open program of the latest fiscal year
        ProgramView program = programs.stream().filter(p -> p.programId().equals(programId)).findFirst()
                .orElse(programs.stream().max(Comparator.comparing((ProgramView p) -> "OPEN".equals(p.status()))
                        .thenComparing(ProgramView::fiscalYear)).orElse(null));
        if (program == null) {
            return "console/agency";
        }
        String p = program.programId();
        model.addAttribute("program", program);
        model.addAttribute("balance", incentive.balance(p, agencyId).orElse(null));
        if (asOf != null) {
            // the balance at the end of the chosen day, replayed from the events recorded up to then
            model.addAttribute("asOf", asOf);
            Attempt.run(model, "asOf", Map.of("asOf", asOf.toString()), () -> {
                Inputs.notInFuture("asOf", asOf, clock.withZone(zone));
                model.addAttribute("balanceAsOf", audit.balanceAsOf(p, agencyId,
                        asOf.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1)).orElse(null));
            });
        }
        model.addAttribute("reports", incentive.reports(p, agencyId, null, null));
        model.addAttribute("payouts", incentive.payouts(p, agencyId, null, 0, PAGE));
        return "console/agency";
    }

    @PostMapping("/console/agency/reports")
    public String report(@RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        String programId = field(form, "programId");
        String agencyId = user.agencyId().orElseThrow();
        if (Attempt.run(model, "report", form, () -> reports.report(programId, new ReportRequest(
                field(form, "reportId"), agencyId, field(form, "groupRef"), field(form, "sourceMarket"),
                integer(form, "tourists"), integer(form, "nights"), date(form, "arrivalDate")), user))) {
            redirect.addFlashAttribute("done", "done.reported");
            return "redirect:/console/agency?programId=" + programId;
        }
        return home(programId, null, user, model);
    }
}
