package io.ledger.web.incentive;

import static io.ledger.web.support.Inputs.ID_PATTERN;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveCommands.CloseProgram;
import io.ledger.incentive.api.IncentiveCommands.EnrollAgency;
import io.ledger.incentive.api.IncentiveCommands.IncreaseBudget;
import io.ledger.incentive.api.IncentiveCommands.OpenProgram;
import io.ledger.incentive.api.IncentiveViews.ProgramView;
import io.ledger.incentive.application.IncentiveApplication;
import io.ledger.web.security.LedgerUser;
import io.ledger.web.support.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/programs")
@Validated
@Tag(name = "Incentive ledger: programs")
public class ProgramController {

    public record TierInput(@Min(1) long fromTourist, @NotNull String ratePerTourist) {
    }

    public record HeadcountInput(@Min(0) int minNights,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull TierInput> tiers) {
    }

    public record LargeGroupInput(@Min(1) int minGroupSize, @NotNull String subsidyPerGroup) {
    }

    public record PioneeringInput(@NotNull String awardPerNewMarket, @NotNull @Min(1) @Max(100_000) Integer minTourists,
            @NotNull @Min(0) @Max(366) Integer minNights) {
    }

    public record RulesInput(@Valid HeadcountInput headcount, @Valid LargeGroupInput largeGroup,
            @Valid PioneeringInput pioneering) {
        AwardRules toRules() {
            return new AwardRules(
                    headcount == null ? null : new AwardRules.Headcount(headcount.minNights(), headcount.tiers().stream()
                            .map(t -> new AwardRules.Tier(t.fromTourist(),
                                    Inputs.money("rules.headcount.tiers.ratePerTourist", t.ratePerTourist())))
                            .toList()),
                    largeGroup == null ? null : new AwardRules.LargeGroup(largeGroup.minGroupSize(),
                            Inputs.money("rules.largeGroup.subsidyPerGroup", largeGroup.subsidyPerGroup())),
                    pioneering == null ? null : new AwardRules.Pioneering(
                            Inputs.money("rules.pioneering.awardPerNewMarket", pioneering.awardPerNewMarket()),
                            pioneering.minTourists(), pioneering.minNights()));
        }
    }

    public record OpenProgramRequest(@NotNull @Pattern(regexp = ID_PATTERN) String programId,
            @NotBlank @Size(max = 200) String name, @Min(2000) @Max(2100) int fiscalYear,
            @NotNull @Pattern(regexp = "CNY", message = "must be CNY") String currency,
            @NotNull String budget, @NotNull String agencyAnnualCap, @Valid RulesInput rules,
            @Size(min = 1, max = 300) List<@NotNull @Pattern(regexp = "[A-Z]{2}") String> eligibleMarkets) {
    }

    public record BudgetIncreaseRequest(@NotNull @Pattern(regexp = ID_PATTERN) String increaseId,
            @NotNull String amount, @NotBlank @Size(max = 500) String reason) {
    }

    public record EnrollmentRequest(@NotNull @Pattern(regexp = ID_PATTERN) String agencyId) {
    }

    private final IncentiveApplication incentive;

    public ProgramController(IncentiveApplication incentive) {
        this.incentive = incentive;
    }

    @PostMapping
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Open a program: one fund for one fiscal year (idempotent on programId)")
    public ResponseEntity<ProgramView> open(@Valid @RequestBody OpenProgramRequest request) {
        AwardRules rules = request.rules() == null ? AwardRules.none() : request.rules().toRules();
        return ResponseEntity.status(HttpStatus.CREATED).body(incentive.open(new OpenProgram(request.programId(),
                request.name(), request.fiscalYear(), request.currency(), Inputs.money("budget", request.budget()),
                Inputs.positiveMoney("agencyAnnualCap", request.agencyAnnualCap()), rules, request.eligibleMarkets())));
    }

    @GetMapping("/{programId}")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR')")
    @Operation(summary = "A program with its totals")
    public ProgramView program(@PathVariable String programId) {
        return incentive.program(programId).orElseThrow(() -> Inputs.notFound("program " + programId));
    }

    @PostMapping("/{programId}/budget-increases")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Increase the budget; waiting unfunded awards are funded oldest first (idempotent on increaseId)")
    public ProgramView increaseBudget(@PathVariable String programId, @Valid @RequestBody BudgetIncreaseRequest request,
            @AuthenticationPrincipal LedgerUser user) {
        return incentive.increaseBudget(new IncreaseBudget(programId, request.increaseId(),
                Inputs.positiveMoney("amount", request.amount()), request.reason(), user.getUsername()));
    }

    @PostMapping("/{programId}/enrollments")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Enroll a registered agency in the program")
    public ProgramView enroll(@PathVariable String programId, @Valid @RequestBody EnrollmentRequest request) {
        return incentive.enroll(new EnrollAgency(programId, request.agencyId()));
    }

    @PostMapping("/{programId}/close")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Close the program to new reports; payouts of what accrued continue")
    public ProgramView close(@PathVariable String programId) {
        return incentive.close(new CloseProgram(programId));
    }
}
