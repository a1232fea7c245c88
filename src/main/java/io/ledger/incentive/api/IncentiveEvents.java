package io.ledger.incentive.api;

import java.time.LocalDate;
import java.util.List;

import io.ledger.api.Money;

/**
 * What happened in the incentive ledger. Never changed once stored: a correction is a new event.
 * Money amounts are exact decimal strings in the stored documents.
 */
public final class IncentiveEvents {

    private IncentiveEvents() {
    }

    /** An event that changes an agency's money in a program: {@link AwardBalance} folds these. */
    public interface MoneyMovement {
        String programId();

        String agencyId();
    }

    public record AgencyRegistered(String agencyId, String name, String licenseNo) {
    }

    /**
     * {@code eligibleMarkets} is the decided list; programs opened before it existed replay with null,
     * read as {@link io.ledger.incentive.domain.SourceMarkets#defaultEligible()}.
     */
    public record ProgramOpened(String programId, String name, int fiscalYear, String currency, Money budget,
            Money agencyAnnualCap, AwardRules rules, List<String> eligibleMarkets) {
    }

    /** {@code increasedBy} is null in events from before makers were named. */
    public record BudgetIncreased(String programId, String increaseId, Money amount, String reason, Money budget,
            String increasedBy) {
    }

    /** {@code cap} is the annual cap decided for this agency; null in events from before it was recorded. */
    public record AgencyEnrolled(String programId, String agencyId, Money cap) {
    }

    public record ProgramClosed(String programId) {
    }

    /** {@code submittedBy} is the user who entered it; null in events from before it was recorded. */
    public record TouristCountReported(String programId, String reportId, String agencyId, String groupRef,
            String sourceMarket, int tourists, int nights, LocalDate arrivalDate, String submittedBy) {
    }

    /**
     * The award a report earned; how it is allocated follows in the same commit. {@code counted} says
     * whether its tourists count towards the agency's tiers (null in events from before it was
     * recorded, when the program's minimum nights decided it).
     */
    public record ReportVerified(String programId, String reportId, String agencyId, String verifiedBy,
            Money headcount, Money largeGroup, Money pioneering, Money computed, Boolean counted) implements MoneyMovement {
    }

    /** Payable to the agency. */
    public record AwardAccrued(String programId, String reportId, String agencyId, Money amount) implements MoneyMovement {
    }

    /** Above the agency's annual cap: recorded, never paid. */
    public record AwardCapped(String programId, String reportId, String agencyId, Money amount) implements MoneyMovement {
    }

    /** Within the cap but beyond the remaining budget: waits for budget, oldest first. */
    public record AwardUnfunded(String programId, String reportId, String agencyId, Money amount) implements MoneyMovement {
    }

    /** Budget became available for (part of) an unfunded award, which now accrues. */
    public record UnfundedAwardFunded(String programId, String reportId, String agencyId, Money amount) implements MoneyMovement {
    }

    public record ReportRejected(String programId, String reportId, String agencyId, String reason,
            String rejectedBy) {
    }

    /** Takes back what the report accrued and what was still unfunded of it; the capped part stays capped. */
    public record ReportReversed(String programId, String reportId, String agencyId, String reason,
            String reversedBy, Money accruedTakenBack, Money unfundedReleased) implements MoneyMovement {
    }

    public record PayoutRequested(String programId, String payoutId, String agencyId, Money amount,
            String requestedBy) implements MoneyMovement {
    }

    public record PayoutApproved(String programId, String payoutId, String agencyId, Money amount,
            String approvedBy) {
    }

    public record PayoutSettled(String programId, String payoutId, String agencyId, Money amount,
            String bankReference, LocalDate settledOn, String settledBy) implements MoneyMovement {
    }

    /** The money goes back to the agency's outstanding balance. */
    public record PayoutFailed(String programId, String payoutId, String agencyId, Money amount, String reason,
            String failedBy) implements MoneyMovement {
    }
}
