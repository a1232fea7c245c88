package io.ledger.incentive.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ledger.api.Money;

/**
 * What the incentive ledger's queries answer: the read models as the application hands them to
 * its callers (HTTP, the console), built by the projections from the events.
 */
public final class IncentiveViews {

    private IncentiveViews() {
    }

    public record AgencyView(String agencyId, String name, String licenseNo) {
    }

    public record Totals(Money budget, Money computed, Money accrued, Money capped, Money unfunded, Money reserved,
            Money paid, Money remainingBudget) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProgramView(String programId, String name, int fiscalYear, String currency, Money budget,
            Money agencyAnnualCap, Map<String, Object> rules, String status, List<String> enrolledAgencies, Totals totals) {
    }

    public record Award(Money headcount, Money largeGroup, Money pioneering, Money computed, Money accrued,
            Money capped, Money unfunded) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportView(String programId, String reportId, String agencyId, String groupRef, String sourceMarket,
            int tourists, int nights, String arrivalDate, ReportStatus status, String submittedAt, String verifiedBy,
            String verifiedAt, Award award, String reason, Money accruedTakenBack, Money unfundedReleased) {
    }

    /** An agency's balance in a program at an instant: now from the read model, or replayed as of a past one. */
    public interface AgencyBalance {
        String programId();

        String agencyId();

        Money outstanding();

        Instant asOf();
    }

    public record BalanceView(String programId, String agencyId, Money cap, Money computed, Money accrued,
            Money capped, Money unfunded, Money reserved, Money paid, Money outstanding, Money capHeadroom,
            Instant asOf) implements AgencyBalance {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PayoutView(String payoutId, String programId, String agencyId, Money amount, PayoutStatus status,
            String requestedBy, String requestedAt, String approvedBy, String approvedAt, String bankReference,
            String settledOn, String failureReason, String failedAt) {
    }
}
