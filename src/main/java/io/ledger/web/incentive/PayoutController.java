package io.ledger.web.incentive;

import static io.ledger.web.support.Inputs.ID_PATTERN;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.incentive.api.IncentiveCommands.ApprovePayout;
import io.ledger.incentive.api.IncentiveCommands.FailPayout;
import io.ledger.incentive.api.IncentiveCommands.RequestPayout;
import io.ledger.incentive.api.IncentiveCommands.SettlePayout;
import io.ledger.incentive.api.IncentiveViews.PayoutView;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.application.IncentiveApplication;
import io.ledger.web.problem.ProblemException;
import io.ledger.web.security.LedgerUser;
import io.ledger.web.security.Role;
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
@Tag(name = "Incentive ledger: payouts")
public class PayoutController {

    public record PayoutRequest(@NotNull @Pattern(regexp = ID_PATTERN) String payoutId,
            @NotNull @Pattern(regexp = ID_PATTERN) String agencyId, @NotNull String amount) {
    }

    public record SettlementRequest(@NotBlank @Size(max = 100) String bankReference, @NotNull LocalDate settledOn) {
    }

    public record FailureRequest(@NotBlank @Size(max = 500) String reason) {
    }

    private final IncentiveApplication incentive;
    private final Clock clock;

    public PayoutController(IncentiveApplication incentive, Clock clock) {
        this.incentive = incentive;
        this.clock = clock;
    }

    @PostMapping("/api/programs/{programId}/payouts")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Request a payout of at most the agency's outstanding balance (idempotent on payoutId "
            + "within the program)")
    public ResponseEntity<PayoutView> request(@PathVariable String programId, @Valid @RequestBody PayoutRequest request,
            @AuthenticationPrincipal LedgerUser user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(incentive.request(new RequestPayout(programId,
                request.payoutId(), request.agencyId(), Inputs.positiveMoney("amount", request.amount()),
                user.getUsername())));
    }

    @PostMapping({"/api/programs/{programId}/payouts/{payoutId}/approval", "/api/payouts/{payoutId}/approval"})
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Approve a payout: another officer than the requester; the balance is checked again")
    public PayoutView approve(@PathVariable(required = false) String programId, @PathVariable String payoutId,
            @AuthenticationPrincipal LedgerUser user) {
        String program = programOf(programId, payoutId);
        return incentive.approve(new ApprovePayout(program, payoutId, user.getUsername()));
    }

    @PostMapping({"/api/programs/{programId}/payouts/{payoutId}/settlement", "/api/payouts/{payoutId}/settlement"})
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Record that the bank paid an approved payout; settledOn is not in the future")
    public PayoutView settle(@PathVariable(required = false) String programId, @PathVariable String payoutId,
            @Valid @RequestBody SettlementRequest request, @AuthenticationPrincipal LedgerUser user) {
        Inputs.notInFuture("settledOn", request.settledOn(), clock);
        String program = programOf(programId, payoutId);
        return incentive.settle(new SettlePayout(program, payoutId, request.bankReference(), request.settledOn(),
                user.getUsername()));
    }

    @PostMapping({"/api/programs/{programId}/payouts/{payoutId}/failure", "/api/payouts/{payoutId}/failure"})
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Record that a payout failed; the money returns to the outstanding balance")
    public PayoutView fail(@PathVariable(required = false) String programId, @PathVariable String payoutId,
            @Valid @RequestBody FailureRequest request, @AuthenticationPrincipal LedgerUser user) {
        String program = programOf(programId, payoutId);
        return incentive.fail(new FailPayout(program, payoutId, request.reason(), user.getUsername()));
    }

    @GetMapping({"/api/programs/{programId}/payouts/{payoutId}", "/api/payouts/{payoutId}"})
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR', 'AGENCY')")
    @Operation(summary = "A payout; an agency sees only its own")
    public PayoutView payout(@PathVariable(required = false) String programId, @PathVariable String payoutId,
            @AuthenticationPrincipal LedgerUser user) {
        if (programId == null && user.has(Role.AGENCY) && incentive.programsWithPayout(payoutId).size() > 1) {
            throw Inputs.forbidden(); // which programs use the id is not an agency's business
        }
        boolean known = programId != null || !incentive.programsWithPayout(payoutId).isEmpty();
        var payout = known ? incentive.payout(programOf(programId, payoutId), payoutId) : Optional.<PayoutView>empty();
        if (user.has(Role.AGENCY) && (payout.isEmpty() || !user.maySeeAgency(payout.get().agencyId()))) {
            throw Inputs.forbidden();
        }
        return payout.orElseThrow(() -> Inputs.notFound("payout " + payoutId));
    }

    @GetMapping("/api/programs/{programId}/payouts")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR')")
    @Operation(summary = "One page of a program's payouts in request order, optionally of one agency and in one "
            + "status")
    public List<PayoutView> payouts(@PathVariable String programId, @RequestParam(required = false) String agencyId,
            @RequestParam(required = false) @Pattern(regexp = "REQUESTED|APPROVED|SETTLED|FAILED") String status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int offset,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (incentive.program(programId).isEmpty()) {
            throw Inputs.notFound("program " + programId);
        }
        return incentive.payouts(programId, agencyId, status == null ? null : PayoutStatus.valueOf(status), offset,
                limit);
    }

    /**
     * The program of a payout: given by the route, or, on the old routes without one, the only
     * program that has a payout of this id.
     */
    private String programOf(String programId, String payoutId) {
        if (programId != null) {
            return programId;
        }
        List<String> programs = incentive.programsWithPayout(payoutId);
        if (programs.isEmpty()) {
            throw Inputs.notFound("payout " + payoutId);
        }
        if (programs.size() > 1) {
            throw new ProblemException(HttpStatus.CONFLICT, "AMBIGUOUS_PAYOUT_ID", "payout id " + payoutId
                    + " is used in programs " + String.join(", ", programs) + "; use /api/programs/{programId}/payouts/"
                    + payoutId);
        }
        return programs.get(0);
    }
}
