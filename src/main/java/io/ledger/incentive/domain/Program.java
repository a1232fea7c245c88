package io.ledger.incentive.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.domain.RefusalCode;
import io.ledger.incentive.api.AwardBreakdown;
import io.ledger.incentive.api.IncentiveCommands.ApprovePayout;
import io.ledger.incentive.api.IncentiveCommands.CloseProgram;
import io.ledger.incentive.api.IncentiveCommands.FailPayout;
import io.ledger.incentive.api.IncentiveCommands.IncreaseBudget;
import io.ledger.incentive.api.IncentiveCommands.OpenProgram;
import io.ledger.incentive.api.IncentiveCommands.RejectReport;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.RequestPayout;
import io.ledger.incentive.api.IncentiveCommands.ReverseReport;
import io.ledger.incentive.api.IncentiveCommands.SettlePayout;
import io.ledger.incentive.api.IncentiveCommands.VerifyReport;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.PayoutApproved;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ProgramClosed;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportRejected;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;

/**
 * One incentive fund for one fiscal year, and everything that draws on it: the enrolled agencies'
 * accounts, their reports and their payouts. One aggregate, because the cap of every agency and
 * the budget of the program must hold together at every moment. The members ({@link ProgramMembers}:
 * accounts, reports, payouts) are immutable values; each event replaces the ones it concerns.
 */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", cache = "aggregateCache")
@Revision(Program.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Program {

    /** Snapshots of another layout are not read: the program is then replayed from its events. */
    public static final String SNAPSHOT_REVISION = "3";

    private ProgramOpened terms;
    private boolean closed;
    /** In the order made: the last one holds the budget. */
    private Map<String, BudgetIncreased> increases = new LinkedHashMap<>();
    @AggregateMember
    private ProgramMembers members = new ProgramMembers();

    protected Program() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenProgram command) {
        ProgramOpened opened = ProgramRules.opened(command);
        if (!Refusal.isRepeat(terms == null ? null : ProgramRules.asDecided(terms), opened,
                "program id " + command.programId())) {
            apply(ProgramRules.checked(opened));
        }
    }

    @CommandHandler
    public void handle(IncreaseBudget command) {
        BudgetIncreased earlier = increases.get(command.increaseId());
        // the same increase sent again, by whoever: the maker named first stays
        if (!Refusal.isRepeat(earlier == null ? null : Arrays.asList(earlier.amount(), earlier.reason()),
                Arrays.asList(command.amount(), command.reason()), "budget increase id " + command.increaseId())) {
            apply(ProgramRules.increased(command, budget()));
            fundWaitingClaims();
        }
    }

    /** Called by the enrollment handler once it knows the agency exists. */
    public void enroll(String agencyId) {
        if (members.account(agencyId) == null) {
            refuseIfClosed("");
            apply(new AgencyEnrolled(terms.programId(), agencyId, terms.agencyAnnualCap()));
        }
    }

    @CommandHandler
    public void handle(CloseProgram command) {
        if (!closed) {
            apply(new ProgramClosed(terms.programId()));
        }
    }

    @CommandHandler
    public void handle(ReportTouristCount command, Clock clock) {
        TouristCountReported reported = ProgramRules.reported(command);
        Report existing = members.findReport(command.reportId());
        // the same report sent again, by whoever: the submitter recorded first stays
        if (!Refusal.isRepeat(existing == null ? null : ProgramRules.withoutSubmitter(existing.submission()),
                ProgramRules.withoutSubmitter(reported), "report id " + command.reportId())) {
            refuseIfClosed(" to new reports");
            ProgramRules.checkReport(reported, members.account(command.agencyId()) != null, terms.fiscalYear(),
                    LocalDate.now(clock), ProgramRules.eligibleMarkets(terms), terms.programId());
            members.refuseSecondReportOfGroup(reported);
            apply(reported);
        }
    }

    /**
     * What verifying each report still waiting would award if it were the next one verified: the
     * same decision verification makes, changing nothing. Reports verified after another of the
     * same agency can earn differently (tiers, a market no longer new, cap and budget used).
     */
    public Map<String, AwardBreakdown> awardsIfVerifiedNext() {
        return members.awardsIfVerifiedNext(budget());
    }

    @CommandHandler
    public AwardBreakdown handle(VerifyReport command) {
        Report report = members.report(command.reportId(), terms.programId());
        if (report.is(ReportStatus.VERIFIED) || report.is(ReportStatus.REVERSED)) {
            return report.award(); // verified before: answered as then, nothing recomputed
        }
        ProgramRules.checkVerification(report, command.officer());
        members.decision(report, budget()).events(terms.programId(), command.reportId(), report.agencyId(),
                command.officer()).forEach(AggregateLifecycle::apply);
        return members.findReport(command.reportId()).award();
    }

    @CommandHandler
    public void handle(RejectReport command) {
        Report report = members.report(command.reportId(), terms.programId());
        if (!report.is(ReportStatus.REJECTED)) {
            ProgramRules.requireStatus(report, ReportStatus.SUBMITTED);
            apply(new ReportRejected(terms.programId(), command.reportId(), report.agencyId(), command.reason(),
                    command.officer()));
        }
    }

    @CommandHandler
    public void handle(ReverseReport command) {
        Report report = members.report(command.reportId(), terms.programId());
        if (!report.is(ReportStatus.REVERSED)) {
            ProgramRules.requireStatus(report, ReportStatus.VERIFIED);
            apply(new ReportReversed(terms.programId(), command.reportId(), report.agencyId(), command.reason(),
                    command.officer(), report.award().accrued(), report.unfunded()));
            fundWaitingClaims();
        }
    }

    private void fundWaitingClaims() {
        members.fundingsWithin(budget()).forEach(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(RequestPayout command) {
        Payout existing = members.findPayout(command.payoutId());
        if (!Refusal.isRepeat(existing == null ? null : Arrays.asList(existing.agencyId(), existing.amount()),
                Arrays.asList(command.agencyId(), command.amount()), "payout id " + command.payoutId())) {
            ProgramRules.checkPayout(command, members.account(command.agencyId()), terms.programId());
            apply(new PayoutRequested(terms.programId(), command.payoutId(), command.agencyId(), command.amount(),
                    command.officer()));
        }
    }

    @CommandHandler
    public void handle(ApprovePayout command) {
        Payout payout = members.payout(command.payoutId(), terms.programId());
        if (!command.officer().equals(payout.approvedBy())) { // approved by this officer already: as before
            ProgramRules.checkApproval(payout, command.officer(), members.account(payout.agencyId()));
            apply(new PayoutApproved(terms.programId(), command.payoutId(), payout.agencyId(), payout.amount(),
                    command.officer()));
        }
    }

    @CommandHandler
    public void handle(SettlePayout command) {
        Payout payout = members.payout(command.payoutId(), terms.programId());
        if (!payout.settledAs(command.bankReference(), command.settledOn())) {
            ProgramRules.requireStatus(payout, PayoutStatus.APPROVED);
            apply(new PayoutSettled(terms.programId(), command.payoutId(), payout.agencyId(), payout.amount(),
                    command.bankReference(), command.settledOn(), command.officer()));
        }
    }

    @CommandHandler
    public void handle(FailPayout command) {
        Payout payout = members.payout(command.payoutId(), terms.programId());
        if (!payout.is(PayoutStatus.FAILED)) {
            ProgramRules.refuseIfSettled(payout, command.payoutId());
            apply(new PayoutFailed(terms.programId(), command.payoutId(), payout.agencyId(), payout.amount(),
                    command.reason(), command.officer()));
        }
    }

    @EventSourcingHandler
    void on(ProgramOpened e) {
        terms = e;
    }

    @EventSourcingHandler
    void on(BudgetIncreased e) {
        increases.put(e.increaseId(), e);
    }

    @EventSourcingHandler
    void on(ProgramClosed e) {
        closed = true;
    }

    @AggregateIdentifier
    String aggregateId() {
        return terms == null ? null : IncentiveCommands.programAggregateId(terms.programId());
    }

    /** The budget as the last increase recorded it. */
    private Money budget() {
        return increases.values().stream().reduce((earlier, later) -> later).map(BudgetIncreased::budget)
                .orElse(terms.budget());
    }

    private void refuseIfClosed(String toWhat) {
        if (closed) {
            throw new Refusal(RefusalCode.PROGRAM_CLOSED, "program " + terms.programId() + " is closed" + toWhat);
        }
    }
}
