package io.ledger.web.incentive;

import static io.ledger.web.support.Inputs.ID_PATTERN;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.ledger.audit.AuditService;
import io.ledger.incentive.api.IncentiveCommands.RejectReport;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.ReverseReport;
import io.ledger.incentive.api.IncentiveCommands.VerifyReport;
import io.ledger.incentive.api.IncentiveViews.AgencyBalance;
import io.ledger.incentive.api.IncentiveViews.ReportView;
import io.ledger.incentive.application.AwardPreviews;
import io.ledger.incentive.application.IncentiveApplication;
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
@RequestMapping("/api/programs/{programId}")
@Validated
@Tag(name = "Incentive ledger: reports and balances")
public class ReportController {

    public record ReportRequest(@NotNull @Pattern(regexp = ID_PATTERN) String reportId,
            @NotNull @Pattern(regexp = ID_PATTERN) String agencyId, @NotBlank @Size(max = 100) String groupRef,
            @NotNull String sourceMarket, @Min(1) @Max(100_000) int tourists, @Min(0) @Max(366) int nights,
            @NotNull LocalDate arrivalDate) {
    }

    public record ReasonRequest(@NotBlank @Size(max = 500) String reason) {
    }

    private final IncentiveApplication incentive;
    private final AuditService audit;
    private final Clock clock;

    public ReportController(IncentiveApplication incentive, AuditService audit, Clock clock) {
        this.incentive = incentive;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping("/reports")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AGENCY')")
    @Operation(summary = "Report an inbound tourist group (an agency only for itself; idempotent on reportId)")
    public ResponseEntity<ReportView> report(@PathVariable String programId, @Valid @RequestBody ReportRequest request,
            @AuthenticationPrincipal LedgerUser user) {
        if (user.has(Role.AGENCY) && !request.agencyId().equals(user.agencyId().orElse(null))) {
            throw Inputs.forbidden();
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(incentive.report(new ReportTouristCount(programId,
                request.reportId(), request.agencyId(), request.groupRef(), Inputs.sourceMarket(request.sourceMarket()),
                request.tourists(), request.nights(), request.arrivalDate(), user.getUsername())));
    }

    @PostMapping("/reports/{reportId}/verification")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Verify a report: its award is computed and allocated under cap and budget")
    public ReportView verify(@PathVariable String programId, @PathVariable String reportId,
            @AuthenticationPrincipal LedgerUser user) {
        return incentive.verify(new VerifyReport(programId, reportId, user.getUsername()));
    }

    @GetMapping("/award-previews")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "What verifying each waiting report would award if it were the next one verified; "
            + "decided by the program itself, nothing is stored")
    public AwardPreviews.Previews awardPreviews(@PathVariable String programId) {
        return incentive.awardPreviews(programId);
    }

    @PostMapping("/reports/{reportId}/rejection")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Reject a submitted report")
    public ReportView reject(@PathVariable String programId, @PathVariable String reportId,
            @Valid @RequestBody ReasonRequest request, @AuthenticationPrincipal LedgerUser user) {
        return incentive.reject(new RejectReport(programId, reportId, request.reason(), user.getUsername()));
    }

    @PostMapping("/reports/{reportId}/reversal")
    @PreAuthorize("hasRole('FINANCE_OFFICER')")
    @Operation(summary = "Reverse a verified report: what it accrued is taken back, even if already paid")
    public ReportView reverse(@PathVariable String programId, @PathVariable String reportId,
            @Valid @RequestBody ReasonRequest request, @AuthenticationPrincipal LedgerUser user) {
        return incentive.reverse(new ReverseReport(programId, reportId, request.reason(), user.getUsername()));
    }

    @GetMapping("/reports/{reportId}")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR', 'AGENCY')")
    @Operation(summary = "A report with its status and award; an agency sees only its own")
    public ReportView report(@PathVariable String programId, @PathVariable String reportId,
            @AuthenticationPrincipal LedgerUser user) {
        var report = incentive.report(programId, reportId);
        if (user.has(Role.AGENCY) && (report.isEmpty() || !user.maySeeAgency(report.get().agencyId()))) {
            throw Inputs.forbidden(); // the same answer whether it is another agency's or does not exist
        }
        return report.orElseThrow(() -> Inputs.notFound("report " + reportId + " in program " + programId));
    }

    @GetMapping("/agencies/{agencyId}/balance")
    @PreAuthorize("hasAnyRole('FINANCE_OFFICER', 'AUDITOR', 'AGENCY')")
    @Operation(summary = "An agency's balance in the program, now (read model) or as of a past instant "
            + "(replayed from the events recorded up to it)")
    public AgencyBalance balance(@PathVariable String programId, @PathVariable String agencyId,
            @RequestParam(required = false) Instant asOf, @AuthenticationPrincipal LedgerUser user) {
        if (!user.maySeeAgency(agencyId)) {
            throw Inputs.forbidden();
        }
        if (asOf != null) {
            Inputs.notInFuture("asOf", asOf, clock);
            return audit.balanceAsOf(programId, agencyId, asOf).orElseThrow(
                    () -> Inputs.notFound("agency " + agencyId + " in program " + programId + " as of " + asOf));
        }
        return incentive.balance(programId, agencyId)
                .orElseThrow(() -> Inputs.notFound("agency " + agencyId + " in program " + programId));
    }
}
