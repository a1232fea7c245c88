package io.ledger.web.console;

import static io.ledger.web.console.ConsoleHome.field;
import static io.ledger.web.console.ConsoleHome.integer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.ledger.web.incentive.AgencyController;
import io.ledger.web.incentive.AgencyController.RegisterAgencyRequest;
import io.ledger.web.incentive.ProgramController;
import io.ledger.web.incentive.ProgramController.BudgetIncreaseRequest;
import io.ledger.web.incentive.ProgramController.EnrollmentRequest;
import io.ledger.web.incentive.ProgramController.HeadcountInput;
import io.ledger.web.incentive.ProgramController.LargeGroupInput;
import io.ledger.web.incentive.ProgramController.OpenProgramRequest;
import io.ledger.web.incentive.ProgramController.PioneeringInput;
import io.ledger.web.incentive.ProgramController.RulesInput;
import io.ledger.web.incentive.ProgramController.TierInput;
import io.ledger.web.security.LedgerUser;

/** Setting a program up: open it with its rules, register and enroll agencies, increase its budget. */
@Controller
@PreAuthorize("hasRole('FINANCE_OFFICER')") // besides the console filter chain's rule for the same paths
public class ProgramSetupConsole {

    private final ProgramController programs;
    private final AgencyController agencies;
    private final OfficerConsole officer;

    public ProgramSetupConsole(ProgramController programs, AgencyController agencies, OfficerConsole officer) {
        this.programs = programs;
        this.agencies = agencies;
        this.officer = officer;
    }

    @GetMapping("/console/officer/setup")
    public String setup() {
        return "console/setup";
    }

    @PostMapping("/console/officer/setup/programs")
    public String open(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        if (Attempt.run(model, "open", form, () -> programs.open(new OpenProgramRequest(field(form, "programId"),
                field(form, "name"), integer(form, "fiscalYear"), "CNY", field(form, "budget"),
                field(form, "agencyAnnualCap"), rules(form), null)))) {
            redirect.addFlashAttribute("done", "done.programOpened");
            return "redirect:/console/programs/" + field(form, "programId");
        }
        return "console/setup";
    }

    @PostMapping("/console/officer/setup/agencies")
    public String register(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        if (Attempt.run(model, "register", form, () -> agencies.register(new RegisterAgencyRequest(
                field(form, "agencyId"), field(form, "name"), field(form, "licenseNo"))))) {
            redirect.addFlashAttribute("done", "done.agencyRegistered");
            return "redirect:/console/officer/setup";
        }
        return "console/setup";
    }

    @PostMapping("/console/programs/{programId}/enrollments")
    public String enroll(@PathVariable String programId, @RequestParam Map<String, String> form, Model model,
            @AuthenticationPrincipal LedgerUser user, RedirectAttributes redirect) {
        return officer.after(programId, "enroll", form, user, model, redirect, "done.enrolled",
                () -> programs.enroll(programId, new EnrollmentRequest(field(form, "agencyId"))));
    }

    @PostMapping("/console/programs/{programId}/budget-increases")
    public String increase(@PathVariable String programId, @RequestParam Map<String, String> form, Model model,
            @AuthenticationPrincipal LedgerUser user, RedirectAttributes redirect) {
        return officer.after(programId, "budget", form, user, model, redirect, "done.budgetIncreased",
                () -> programs.increaseBudget(programId, new BudgetIncreaseRequest(field(form, "increaseId"),
                        field(form, "amount"), field(form, "reason")), user));
    }

    /** The rules as typed: an empty part is a rule the program does not have. */
    private static RulesInput rules(Map<String, String> form) {
        List<TierInput> tiers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            if (!blank(form, "tier" + i + "From")) {
                tiers.add(new TierInput(integer(form, "tier" + i + "From"), field(form, "tier" + i + "Rate")));
            }
        }
        HeadcountInput headcount = tiers.isEmpty() ? null
                : new HeadcountInput(blank(form, "minNights") ? 0 : integer(form, "minNights"), tiers);
        LargeGroupInput largeGroup = blank(form, "largeGroupMin") ? null
                : new LargeGroupInput(integer(form, "largeGroupMin"), field(form, "largeGroupSubsidy"));
        PioneeringInput pioneering = blank(form, "pioneeringAward") ? null
                : new PioneeringInput(field(form, "pioneeringAward"),
                        blank(form, "pioneeringMinTourists") ? null : integer(form, "pioneeringMinTourists"),
                        blank(form, "pioneeringMinNights") ? null : integer(form, "pioneeringMinNights"));
        return new RulesInput(headcount, largeGroup, pioneering);
    }

    private static boolean blank(Map<String, String> form, String name) {
        String value = field(form, name);
        return value == null || value.isEmpty();
    }
}
