package io.ledger.web.console;

import static io.ledger.web.console.ConsoleHome.date;
import static io.ledger.web.console.ConsoleHome.field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.ledger.incentive.application.AwardPreviews;
import io.ledger.projections.incentive.IncentiveQueries;
import io.ledger.projections.incentive.IncentiveViews.BalanceView;
import io.ledger.projections.incentive.IncentiveViews.PayoutView;
import io.ledger.projections.incentive.IncentiveViews.ProgramView;
import io.ledger.projections.incentive.IncentiveViews.ReportView;
import io.ledger.web.incentive.PayoutController;
import io.ledger.web.incentive.PayoutController.FailureRequest;
import io.ledger.web.incentive.PayoutController.PayoutRequest;
import io.ledger.web.incentive.PayoutController.SettlementRequest;
import io.ledger.web.incentive.ReportController;
import io.ledger.web.incentive.ReportController.ReasonRequest;
import io.ledger.web.security.LedgerUser;
import io.ledger.web.support.Inputs;

/**
 * The finance officer's pages: the work waiting for this officer, and a program with its reports,
 * agencies and payouts. Every action goes through the API's controllers, so the console obeys the
 * same validation, authorization and four-eyes rule as the API.
 */
@Controller
@PreAuthorize("hasRole('FINANCE_OFFICER')") // besides the console filter chain's rule for the same paths
public class OfficerConsole {

    /** Payouts listed per program on a page. */
    private static final int PAGE = 500;

    /** A report or payout waiting for this officer, with the program it belongs to. */
    public record WaitingReport(ProgramView program, ReportView report) {
    }

    public record WaitingPayout(ProgramView program, PayoutView payout) {
    }

    public record AgencyRow(String agencyId, String name, BalanceView balance) {
    }

    private final IncentiveQueries queries;
    private final ReportController reports;
    private final PayoutController payouts;
    private final AwardPreviews previews;

    public OfficerConsole(IncentiveQueries queries, ReportController reports, PayoutController payouts,
            AwardPreviews previews) {
        this.queries = queries;
        this.previews = previews;
        this.reports = reports;
        this.payouts = payouts;
    }

    @GetMapping("/console/officer")
    public String work(@AuthenticationPrincipal LedgerUser user, Model model) {
        List<WaitingReport> toVerify = new ArrayList<>();
        List<WaitingPayout> toApprove = new ArrayList<>();
        List<WaitingPayout> failed = new ArrayList<>();
        List<ProgramView> programs = queries.programs();
        for (ProgramView program : programs) {
            queries.reports(program.programId(), null, "SUBMITTED", user.getUsername())
                    .forEach(r -> toVerify.add(new WaitingReport(program, r)));
            for (PayoutView payout : queries.payouts(program.programId(), null, null, 0, PAGE)) {
                if ("REQUESTED".equals(payout.status()) && !user.getUsername().equals(payout.requestedBy())) {
                    toApprove.add(new WaitingPayout(program, payout));
                } else if ("FAILED".equals(payout.status())) {
                    failed.add(new WaitingPayout(program, payout));
                }
            }
        }
        model.addAttribute("programs", programs);
        model.addAttribute("toVerify", toVerify);
        model.addAttribute("toApprove", toApprove);
        model.addAttribute("failed", failed);
        return "console/officer";
    }

    @GetMapping("/console/programs/{programId}")
    public String program(@PathVariable String programId, Model model) {
        ProgramView program = queries.program(programId)
                .orElseThrow(() -> Inputs.notFound("program " + programId));
        List<AgencyRow> agencies = program.enrolledAgencies().stream()
                .map(a -> new AgencyRow(a, queries.agency(a).map(v -> v.name()).orElse(a),
                        queries.balance(programId, a).orElse(null)))
                .toList();
        model.addAttribute("program", program);
        model.addAttribute("agencies", agencies);
        // what the officer is about to decide, from the rule that will decide it
        model.addAttribute("previews", previews.ifVerifiedNext(programId).reports());
        model.addAttribute("reports", queries.reports(programId, null, null, null));
        model.addAttribute("payouts", queries.payouts(programId, null, null, 0, PAGE));
        return "console/program";
    }

    @PostMapping("/console/programs/{programId}/reports/{reportId}/verification")
    public String verify(@PathVariable String programId, @PathVariable String reportId,
            @AuthenticationPrincipal LedgerUser user, Model model, RedirectAttributes redirect) {
        return after(programId, "verify-" + reportId, Map.of(), model, redirect, "done.verified",
                () -> reports.verify(programId, reportId, user));
    }

    @PostMapping("/console/programs/{programId}/reports/{reportId}/rejection")
    public String reject(@PathVariable String programId, @PathVariable String reportId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "reject-" + reportId, form, model, redirect, "done.rejected",
                () -> reports.reject(programId, reportId, new ReasonRequest(field(form, "reason")), user));
    }

    @PostMapping("/console/programs/{programId}/reports/{reportId}/reversal")
    public String reverse(@PathVariable String programId, @PathVariable String reportId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "reverse-" + reportId, form, model, redirect, "done.reversed",
                () -> reports.reverse(programId, reportId, new ReasonRequest(field(form, "reason")), user));
    }

    @PostMapping("/console/programs/{programId}/payouts")
    public String requestPayout(@PathVariable String programId, @RequestParam Map<String, String> form,
            @AuthenticationPrincipal LedgerUser user, Model model, RedirectAttributes redirect) {
        return after(programId, "payout", form, model, redirect, "done.payoutRequested",
                () -> payouts.request(programId, new PayoutRequest(field(form, "payoutId"), field(form, "agencyId"),
                        field(form, "amount")), user));
    }

    @PostMapping("/console/programs/{programId}/payouts/{payoutId}/approval")
    public String approve(@PathVariable String programId, @PathVariable String payoutId,
            @AuthenticationPrincipal LedgerUser user, Model model, RedirectAttributes redirect) {
        return after(programId, "approve-" + payoutId, Map.of(), model, redirect, "done.payoutApproved",
                () -> payouts.approve(programId, inProgram(programId, payoutId), user));
    }

    @PostMapping("/console/programs/{programId}/payouts/{payoutId}/settlement")
    public String settle(@PathVariable String programId, @PathVariable String payoutId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "settle-" + payoutId, form, model, redirect, "done.payoutSettled",
                () -> payouts.settle(programId, inProgram(programId, payoutId),
                        new SettlementRequest(field(form, "bankReference"), date(form, "settledOn")), user));
    }

    @PostMapping("/console/programs/{programId}/payouts/{payoutId}/failure")
    public String fail(@PathVariable String programId, @PathVariable String payoutId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "fail-" + payoutId, form, model, redirect, "done.payoutFailed",
                () -> payouts.fail(programId, inProgram(programId, payoutId), new FailureRequest(field(form, "reason")), user));
    }

    /** A payout is addressed through its program, so a typed URL cannot mix two programs. */
    private String inProgram(String programId, String payoutId) {
        queries.payout(programId, payoutId).orElseThrow(() -> Inputs.notFound("payout " + payoutId));
        return payoutId;
    }

    /** Success: back to the program page (no resubmission on reload). Refusal: the page again, as typed. */
    public String after(String programId, String action, Map<String, String> form, Model model,
            RedirectAttributes redirect, String doneKey, Runnable command) {
        if (Attempt.run(model, action, form, command)) {
            redirect.addFlashAttribute("done", doneKey);
            return "redirect:/console/programs/" + programId;
        }
        return program(programId, model);
    }
}
