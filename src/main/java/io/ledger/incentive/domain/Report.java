package io.ledger.incentive.domain;

import java.util.Locale;

import io.ledger.api.Money;
import io.ledger.incentive.api.AwardBreakdown;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.incentive.api.ReportStatus;

/**
 * One reported tourist group in a program and what it earned. Immutable: every event gives a new
 * report.
 *
 * @param counted whether its tourists count towards the agency's tiers, as decided at verification
 */
record Report(TouristCountReported submission, ReportStatus status, boolean counted, AwardBreakdown award) {

    private static final AwardBreakdown NOTHING = new AwardBreakdown(Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
            Money.ZERO, Money.ZERO, Money.ZERO);

    static Report submitted(TouristCountReported submission) {
        return new Report(submission, ReportStatus.SUBMITTED, false, NOTHING);
    }

    String agencyId() {
        return submission.agencyId();
    }

    String sourceMarket() {
        return submission.sourceMarket();
    }

    int tourists() {
        return submission.tourists();
    }

    Money unfunded() {
        return award.unfunded();
    }

    boolean is(ReportStatus expected) {
        return status == expected;
    }

    /** Still stands for its group: neither rejected nor reversed. */
    boolean standsFor(String group) {
        return status != ReportStatus.REJECTED && status != ReportStatus.REVERSED
                && group.equals(groupKey(submission));
    }

    /** One group is one agency's group reference arriving on one day; case and outer blanks do not count. */
    static String groupKey(TouristCountReported report) {
        return report.agencyId() + '\n' + report.groupRef().strip().toLowerCase(Locale.ROOT) + '\n'
                + report.arrivalDate();
    }

    Report verified(ReportVerified e, boolean countsTowardsTiers) {
        return new Report(submission, ReportStatus.VERIFIED, countsTowardsTiers, new AwardBreakdown(e.headcount(),
                e.largeGroup(), e.pioneering(), e.computed(), Money.ZERO, Money.ZERO, Money.ZERO));
    }

    Report accrued(Money amount) {
        return allocated(award.accrued().plus(amount), award.capped(), award.unfunded());
    }

    Report capped(Money amount) {
        return allocated(award.accrued(), amount, award.unfunded());
    }

    Report leftUnfunded(Money amount) {
        return allocated(award.accrued(), award.capped(), amount);
    }

    Report funded(Money amount) {
        return allocated(award.accrued().plus(amount), award.capped(), award.unfunded().minus(amount));
    }

    Report rejected() {
        return new Report(submission, ReportStatus.REJECTED, counted, award);
    }

    /** Nothing of it is payable any more; the capped part stays recorded. */
    Report reversed() {
        return new Report(submission, ReportStatus.REVERSED, counted, new AwardBreakdown(award.headcount(),
                award.largeGroup(), award.pioneering(), award.computed(), Money.ZERO, award.capped(), Money.ZERO));
    }

    private Report allocated(Money accrued, Money capped, Money unfunded) {
        return new Report(submission, status, counted, new AwardBreakdown(award.headcount(), award.largeGroup(),
                award.pioneering(), award.computed(), accrued, capped, unfunded));
    }
}
