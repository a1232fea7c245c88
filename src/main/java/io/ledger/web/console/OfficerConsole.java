package io.ledger.web.console;

import static io.ledger.web.console.ConsoleHome.date;
import static io.ledger.web.console.ConsoleHome.field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.ledger.incentive.api.AwardBreakdown;
import io.ledger.incentive.api.IncentiveViews.AgencyView;
import io.ledger.incentive.api.IncentiveViews.BalanceView;
import io.ledger.incentive.api.IncentiveViews.PayoutView;
import io.ledger.incentive.api.IncentiveViews.ProgramView;
import io.ledger.incentive.api.IncentiveViews.ReportView;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;
import io.ledger.incentive.application.IncentiveApplication;
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

    /** A report waiting for this officer, with its program, agency and what verifying it next would award. */
    public record WaitingReport(ProgramView program, ReportView report, String agencyName, AwardBreakdown award) {
    }

    /** A payout waiting for this officer, with its program and agency. */
    public record WaitingPayout(ProgramView program, PayoutView payout, String agencyName) {
    }

    public record AgencyRow(String agencyId, String name, BalanceView balance) {
    }

    private final IncentiveApplication incentive;
    private final ReportController reports;
    private final PayoutController payouts;

    public OfficerConsole(IncentiveApplication incentive, ReportController reports, PayoutController payouts) {
        this.incentive = incentive;
        this.reports = reports;
        this.payouts = payouts;
    }

    @GetMapping("/console/officer")
    public String work(@AuthenticationPrincipal LedgerUser user, Model model) {
        List<WaitingReport> toVerify = new ArrayList<>();
        List<WaitingPayout> toApprove = new ArrayList<>();
        List<WaitingPayout> failed = new ArrayList<>();
        List<ProgramView> programs = incentive.programs();
        for (ProgramView program : programs) {
            List<ReportView> waiting = incentive.reports(program.programId(), null, ReportStatus.SUBMITTED, user.getUsername());
            Map<String, AwardBreakdown> awards = waiting.isEmpty() ? Map.of() : previewsOf(program.programId());
            waiting.forEach(r -> toVerify.add(new WaitingReport(program, r, agencyName(r.agencyId()),
                    awards.get(r.reportId()))));
            for (PayoutView payout : incentive.payouts(program.programId(), null, null, 0, PAGE)) {
                if (payout.status() == PayoutStatus.REQUESTED && !user.getUsername().equals(payout.requestedBy())) {
                    toApprove.add(new WaitingPayout(program, payout, agencyName(payout.agencyId())));
                } else if (payout.status() == PayoutStatus.FAILED) {
                    failed.add(new WaitingPayout(program, payout, agencyName(payout.agencyId())));
                }
            }
        }
        model.addAttribute("programs", programs);
        model.addAttribute("toVerify", toVerify);
        model.addAttribute("toApprove", toApprove);
        model.addAttribute("failed", failed);
        return "console/officer";
    }

    private String agencyName(String agencyId) {
        return incentive.agency(agencyId).map(AgencyView::name).orElse(agencyId);
    }

    /**
     * What verifying each waiting report next would award, from the rule that will decide it. A
     * program whose award would not fit the ledger's money shows none: verifying says why.
     */
    private Map<String, AwardBreakdown> previewsOf(String programId) {
        try {
            return incentive.awardPreviews(programId).reports();
        } catch (ArithmeticException overflow) {
            return Map.of();
        }
    }

    /**
     * A program's page; {@code again} names a failed payout whose agency and amount the payout
     * form offers for a new request.
     */
    @GetMapping("/console/programs/{programId}")
    public String program(@PathVariable String programId, @RequestParam(required = false) String again,
            @AuthenticationPrincipal LedgerUser user, Model model) {
        ProgramView program = incentive.program(programId)
                .orElseThrow(() -> Inputs.notFound("program " + programId));
        List<AgencyRow> agencies = program.enrolledAgencies().stream()
                .map(a -> new AgencyRow(a, agencyName(a), incentive.balance(programId, a).orElse(null)))
                .toList();
        List<ReportView> all = incentive.reports(programId, null, null, null);
        Set<String> verifiable = incentive.reports(programId, null, ReportStatus.SUBMITTED, user.getUsername()).stream()
                .map(ReportView::reportId).collect(Collectors.toSet());
        model.addAttribute("program", program);
        model.addAttribute("agencies", agencies);
        // what the officer is about to decide, from the rule that will decide it
        model.addAttribute("previews", previewsOf(programId));
        model.addAttribute("reports", all);
        // four eyes: the reports this officer entered wait for another one
        model.addAttribute("ownReports", all.stream().filter(r -> r.status() == ReportStatus.SUBMITTED)
                .map(ReportView::reportId).filter(id -> !verifiable.contains(id)).collect(Collectors.toSet()));
        model.addAttribute("payouts", incentive.payouts(programId, null, null, 0, PAGE));
        if (again != null) {
            incentive.payout(programId, again).filter(p -> p.status() == PayoutStatus.FAILED)
                    .ifPresent(p -> model.addAttribute("again", p));
        }
        return "console/program";
    }

    @PostMapping("/console/programs/{programId}/reports/{reportId}/verification")
    public String verify(@PathVariable String programId, @PathVariable String reportId,
            @AuthenticationPrincipal LedgerUser user, Model model, RedirectAttributes redirect) {
        return after(programId, "verify-" + reportId, Map.of(), user, model, redirect, "done.verified",
                () -> reports.verify(programId, reportId, user));
    }

    @PostMapping("/console/programs/{programId}/reports/{reportId}/rejection")
    public String reject(@PathVariable String programId, @PathVariable String reportId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "reject-" + reportId, form, user, model, redirect, "done.rejected",
                () -> reports.reject(programId, reportId, new ReasonRequest(field(form, "reason")), user));
    }

    @PostMapping("/console/programs/{programId}/reports/{reportId}/reversal")
    public String reverse(@PathVariable String programId, @PathVariable String reportId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "reverse-" + reportId, form, user, model, redirect, "done.reversed",
                () -> reports.reverse(programId, reportId, new ReasonRequest(field(form, "reason")), user));
    }

    @PostMapping("/console/programs/{programId}/payouts")
    public String requestPayout(@PathVariable String programId, @RequestParam Map<String, String> form,
            @AuthenticationPrincipal LedgerUser user, Model model, RedirectAttributes redirect) {
        return after(programId, "payout", form, user, model, redirect, "done.payoutRequested",
                () -> payouts.request(programId, new PayoutRequest(field(form, "payoutId"), field(form, "agencyId"),
                        field(form, "amount")), user));
    }

    @PostMapping("/console/programs/{programId}/payouts/{payoutId}/approval")
    public String approve(@PathVariable String programId, @PathVariable String payoutId,
            @AuthenticationPrincipal LedgerUser user, Model model, RedirectAttributes redirect) {
        return after(programId, "approve-" + payoutId, Map.of(), user, model, redirect, "done.payoutApproved",
                () -> payouts.approve(programId, inProgram(programId, payoutId), user));
    }

    @PostMapping("/console/programs/{programId}/payouts/{payoutId}/settlement")
    public String settle(@PathVariable String programId, @PathVariable String payoutId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "settle-" + payoutId, form, user, model, redirect, "done.payoutSettled",
                () -> payouts.settle(programId, inProgram(programId, payoutId),
                        new SettlementRequest(field(form, "bankReference"), date(form, "settledOn")), user));
    }

    @PostMapping("/console/programs/{programId}/payouts/{payoutId}/failure")
    public String fail(@PathVariable String programId, @PathVariable String payoutId,
            @RequestParam Map<String, String> form, @AuthenticationPrincipal LedgerUser user, Model model,
            RedirectAttributes redirect) {
        return after(programId, "fail-" + payoutId, form, user, model, redirect, "done.payoutFailed",
                () -> payouts.fail(programId, inProgram(programId, payoutId), new FailureRequest(field(form, "reason")), user));
    }

    /** A payout is addressed through its program, so a typed URL cannot mix two programs. */
    private String inProgram(String programId, String payoutId) {
        incentive.payout(programId, payoutId).orElseThrow(() -> Inputs.notFound("payout " + payoutId));
        return payoutId;
    }

    /** Success: back to the program page (no resubmission on reload). Refusal: the page again, as typed. */
    public String after(String programId, String action, Map<String, String> form, LedgerUser user, Model model,
            RedirectAttributes redirect, String doneKey, Runnable command) {
        if (Attempt.run(model, action, form, command)) {
            redirect.addFlashAttribute("done", doneKey);
            return "redirect:/console/programs/" + programId;
        }
        return program(programId, null, user, model);
    }
}
