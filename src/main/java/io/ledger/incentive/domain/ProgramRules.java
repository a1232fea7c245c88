package io.ledger.incentive.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.domain.RefusalCode;
import io.ledger.incentive.api.AwardBreakdown;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveCommands.IncreaseBudget;
import io.ledger.incentive.api.IncentiveCommands.OpenProgram;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.RequestPayout;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;

/**
 * The checks and decisions of a program's commands, as functions of the program's state: what
 * the aggregate refuses, and what verifying a report decides. Nothing here changes state.
 */
final class ProgramRules {

    private ProgramRules() {
    }

    /** The program a command would open, its markets decided; refused if it names no eligible market. */
    static ProgramOpened opened(OpenProgram command) {
        List<String> markets = SourceMarkets.normalized(command.eligibleMarkets() == null
                ? SourceMarkets.defaultEligible() : command.eligibleMarkets());
        if (markets == null || markets.isEmpty()) {
            throw Refusal.invalid("eligibleMarkets must be ISO 3166-1 alpha-2 codes of inhabited markets other "
                    + "than CN, at least one");
        }
        return new ProgramOpened(command.programId(), command.name(), command.fiscalYear(), command.currency(),
                command.budget(), command.agencyAnnualCap(), command.rules() == null ? AwardRules.none()
                        : command.rules(), markets);
    }

    /** An opened program as it was decided, programs from before named markets with the default ones. */
    static ProgramOpened asDecided(ProgramOpened terms) {
        return new ProgramOpened(terms.programId(), terms.name(), terms.fiscalYear(), terms.currency(),
                terms.budget(), terms.agencyAnnualCap(), terms.rules(), eligibleMarkets(terms));
    }

    static List<String> eligibleMarkets(ProgramOpened terms) {
        return terms.eligibleMarkets() == null ? SourceMarkets.defaultEligible() : terms.eligibleMarkets();
    }

    static ProgramOpened checked(ProgramOpened opened) {
        if (!"CNY".equals(opened.currency())) {
            throw Refusal.invalid("currency must be CNY");
        }
        if (opened.budget().isNegative() || !opened.agencyAnnualCap().isPositive()) {
            throw Refusal.invalid("budget must not be negative and agencyAnnualCap must be positive");
        }
        String problem = AwardPolicy.problemWith(opened.rules());
        if (problem != null) {
            throw Refusal.invalid(problem);
        }
        return opened;
    }

    static BudgetIncreased increased(IncreaseBudget command, Money budget) {
        if (!command.amount().isPositive()) {
            throw Refusal.invalid("amount must be positive");
        }
        return new BudgetIncreased(command.programId(), command.increaseId(), command.amount(), command.reason(),
                budget.plus(command.amount()), command.officer());
    }

    static TouristCountReported reported(ReportTouristCount c) {
        return new TouristCountReported(c.programId(), c.reportId(), c.agencyId(), c.groupRef(), c.sourceMarket(),
                c.tourists(), c.nights(), c.arrivalDate(), c.submittedBy());
    }

    /** The facts of a report that make it the same report, whoever sent it. */
    static TouristCountReported withoutSubmitter(TouristCountReported r) {
        return new TouristCountReported(r.programId(), r.reportId(), r.agencyId(), r.groupRef(), r.sourceMarket(),
                r.tourists(), r.nights(), r.arrivalDate(), null);
    }

    static void checkReport(TouristCountReported r, boolean enrolled, int fiscalYear, LocalDate today,
            List<String> eligibleMarkets, String programId) {
        if (!enrolled) {
            throw notEnrolled(r.agencyId(), programId);
        }
        if (r.tourists() < 1 || r.nights() < 0 || !SourceMarkets.isValid(r.sourceMarket())) {
            throw Refusal.invalid("tourists must be positive, nights 0 or more, and sourceMarket an ISO 3166-1 "
                    + "alpha-2 code");
        }
        if (r.arrivalDate().getYear() != fiscalYear) {
            throw new Refusal(RefusalCode.ARRIVAL_OUTSIDE_FISCAL_YEAR, "arrivalDate " + r.arrivalDate()
                    + " is outside fiscal year " + fiscalYear);
        }
        if (r.arrivalDate().isAfter(today)) {
            throw new Refusal(RefusalCode.ARRIVAL_IN_FUTURE, "arrivalDate " + r.arrivalDate() + " is in the future");
        }
        if (!eligibleMarkets.contains(r.sourceMarket())) {
            throw new Refusal(RefusalCode.MARKET_NOT_ELIGIBLE, "sourceMarket " + r.sourceMarket()
                    + " is not an eligible source market of program " + programId);
        }
    }

    /** Four eyes: a report is verified by another user than the one who entered it. */
    static void checkVerification(Report report, String officer) {
        requireStatus(report, ReportStatus.SUBMITTED);
        if (officer.equals(report.submission().submittedBy())) {
            throw new Refusal(RefusalCode.SAME_USER_NOT_ALLOWED, "a report must be verified by another user than the "
                    + "one who submitted it");
        }
    }

    /** What verifying a report would award and how it would be allocated, on the program as it stands. */
    record Decision(AwardPolicy.Award award, boolean counted, Allocation allocation) {

        AwardBreakdown breakdown() {
            return new AwardBreakdown(award.headcount(), award.largeGroup(), award.pioneering(), award.computed(),
                    allocation.accrued(), allocation.capped(), allocation.unfunded());
        }

        /** The verification and each part of its allocation that is not zero. */
        List<Object> events(String programId, String reportId, String agencyId, String officer) {
            List<Object> events = new ArrayList<>();
            events.add(new ReportVerified(programId, reportId, agencyId, officer, award.headcount(),
                    award.largeGroup(), award.pioneering(), award.computed(), counted));
            if (allocation.accrued().isPositive()) {
                events.add(new AwardAccrued(programId, reportId, agencyId, allocation.accrued()));
            }
            if (allocation.capped().isPositive()) {
                events.add(new AwardCapped(programId, reportId, agencyId, allocation.capped()));
            }
            if (allocation.unfunded().isPositive()) {
                events.add(new AwardUnfunded(programId, reportId, agencyId, allocation.unfunded()));
            }
            return events;
        }
    }

    static Decision decide(AwardRules rules, Report report, AgencyAccount account, Money remainingBudget) {
        TouristCountReported facts = report.submission();
        AwardPolicy.Award award = AwardPolicy.award(rules, account.countedTourists(), facts.tourists(),
                facts.nights(), account.isNewMarket(facts.sourceMarket()));
        return new Decision(award, AwardPolicy.meetsMinNights(rules, facts.nights()),
                Allocation.of(award.computed(), account.capRoom(), remainingBudget));
    }

    static void checkPayout(RequestPayout command, AgencyAccount account, String programId) {
        if (account == null) {
            throw notEnrolled(command.agencyId(), programId);
        }
        if (!command.amount().isPositive()) {
            throw Refusal.invalid("amount must be positive");
        }
        if (command.amount().exceeds(account.outstanding())) {
            throw new Refusal(RefusalCode.PAYOUT_EXCEEDS_BALANCE, "amount " + command.amount() + " exceeds the "
                    + "outstanding balance " + account.outstanding());
        }
    }

    static void checkApproval(Payout payout, String officer, AgencyAccount account) {
        requireStatus(payout, PayoutStatus.REQUESTED);
        if (payout.requestedBy().equals(officer)) {
            throw new Refusal(RefusalCode.FOUR_EYES_REQUIRED, "a payout must be approved by another officer than the "
                    + "one who requested it");
        }
        if (account.outstanding().isNegative()) {
            // the payout is already reserved: a negative outstanding means the agency no longer has it
            throw new Refusal(RefusalCode.PAYOUT_EXCEEDS_BALANCE, "amount " + payout.amount() + " exceeds what the "
                    + "agency is owed now (" + account.outstanding().plus(payout.amount()) + ")");
        }
    }

    static void refuseIfSettled(Payout payout, String payoutId) {
        if (payout.is(PayoutStatus.SETTLED)) {
            throw new Refusal(RefusalCode.INVALID_PAYOUT_STATE, "payout " + payoutId + " is settled and cannot fail");
        }
    }

    static void requireStatus(Report report, ReportStatus expected) {
        if (!report.is(expected)) {
            throw new Refusal(RefusalCode.INVALID_REPORT_STATE, "report " + report.submission().reportId() + " is "
                    + report.status() + ", not " + expected);
        }
    }

    static void requireStatus(Payout payout, PayoutStatus expected) {
        if (!payout.is(expected)) {
            throw new Refusal(RefusalCode.INVALID_PAYOUT_STATE, "payout is " + payout.status() + ", not " + expected);
        }
    }

    private static Refusal notEnrolled(String agencyId, String programId) {
        return new Refusal(RefusalCode.AGENCY_NOT_ENROLLED, "agency " + agencyId + " is not enrolled in program "
                + programId);
    }
}
