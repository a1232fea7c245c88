package io.ledger.web.incentive;

import static io.ledger.web.support.Inputs.ID_PATTERN;

import java.time.LocalDate;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.incentive.api.IncentiveCommands.ApprovePayout;
import io.ledger.incentive.api.IncentiveCommands.FailPayout;
import io.ledger.incentive.api.IncentiveCommands.RequestPayout;
import io.ledger.incentive.api.IncentiveCommands.SettlePayout;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.projections.incentive.IncentiveQueries;
import io.ledger.projections.incentive.IncentiveViews.PayoutView;
import io.ledger.web.problem.ProblemException;
import io.ledger.web.security.LedgerUser;
import io.ledger.web.security.Role;
import io.ledger.web.support.CommandSender;
import io.ledger.web.support.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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

    private final CommandSender commands;
    private final IncentiveQueries queries;

    public PayoutController(CommandSender commands, IncentiveQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping("/api/programs/{programId}/payouts")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Request a payout of at most the agency's outstanding balance (idempotent on payoutId)")
    public ResponseEntity<PayoutView> request(@PathVariable String programId, @Valid @RequestBody PayoutRequest request,
            @AuthenticationPrincipal LedgerUser user) {
        queries.payout(request.payoutId()).filter(existing -> !existing.programId().equals(programId))
                .ifPresent(existing -> {
                    throw new ProblemException(HttpStatus.CONFLICT, "DUPLICATE_ID",
                            "payout id " + request.payoutId() + " is used in another program");
                });
        commands.send(new RequestPayout(programId, request.payoutId(), request.agencyId(),
                Inputs.positiveMoney("amount", request.amount()), user.getUsername()),
                IncentiveCollections.PROCESSING_GROUP);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(request.payoutId()));
    }

    @PostMapping("/api/payouts/{payoutId}/approval")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Approve a payout: another officer than the requester; the balance is checked again")
    public PayoutView approve(@PathVariable String payoutId, @AuthenticationPrincipal LedgerUser user) {
        PayoutView payout = view(payoutId);
        commands.send(new ApprovePayout(payout.programId(), payoutId, user.getUsername()),
                IncentiveCollections.PROCESSING_GROUP);
        return view(payoutId);
    }

    @PostMapping("/api/payouts/{payoutId}/settlement")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Record that the bank paid an approved payout")
    public PayoutView settle(@PathVariable String payoutId, @Valid @RequestBody SettlementRequest request,
            @AuthenticationPrincipal LedgerUser user) {
        PayoutView payout = view(payoutId);
        commands.send(new SettlePayout(payout.programId(), payoutId, request.bankReference(), request.settledOn(),
                user.getUsername()), IncentiveCollections.PROCESSING_GROUP);
        return view(payoutId);
    }

    @PostMapping("/api/payouts/{payoutId}/failure")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Record that a payout failed; the money returns to the outstanding balance")
    public PayoutView fail(@PathVariable String payoutId, @Valid @RequestBody FailureRequest request,
            @AuthenticationPrincipal LedgerUser user) {
        PayoutView payout = view(payoutId);
        commands.send(new FailPayout(payout.programId(), payoutId, request.reason(), user.getUsername()),
                IncentiveCollections.PROCESSING_GROUP);
        return view(payoutId);
    }

    @GetMapping("/api/payouts/{payoutId}")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR', 'AGENCY')")
    @Operation(summary = "A payout; an agency sees only its own")
    public PayoutView payout(@PathVariable String payoutId, @AuthenticationPrincipal LedgerUser user) {
        var payout = queries.payout(payoutId);
        if (user.has(Role.AGENCY) && (payout.isEmpty() || !user.maySeeAgency(payout.get().agencyId()))) {
            throw Inputs.forbidden();
        }
        return payout.orElseThrow(() -> Inputs.notFound("payout " + payoutId));
    }

    @GetMapping("/api/programs/{programId}/payouts")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR')")
    @Operation(summary = "A program's payouts, optionally of one agency and in one status")
    public List<PayoutView> payouts(@PathVariable String programId, @RequestParam(required = false) String agencyId,
            @RequestParam(required = false) @Pattern(regexp = "REQUESTED|APPROVED|SETTLED|FAILED") String status) {
        if (queries.program(programId).isEmpty()) {
            throw Inputs.notFound("program " + programId);
        }
        return queries.payouts(programId, agencyId, status);
    }

    private PayoutView view(String payoutId) {
        return queries.payout(payoutId).orElseThrow(() -> Inputs.notFound("payout " + payoutId));
    }
}
