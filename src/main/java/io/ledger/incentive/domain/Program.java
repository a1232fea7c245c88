package io.ledger.incentive.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
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
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.PayoutApproved;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ProgramClosed;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportRejected;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.incentive.api.IncentiveEvents.UnfundedAwardFunded;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;

/**
 * One incentive fund for one fiscal year, and everything that draws on it: the enrolled agencies'
 * accounts, their reports and their payouts. One aggregate, because the cap of every agency and
 * the budget of the program must hold together at every moment. The members are immutable values;
 * each event replaces the one it concerns.
 */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger")
@Revision(Program.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Program {

    /** Snapshots of another layout are not read: the program is then replayed from its events. */
    public static final String SNAPSHOT_REVISION = "2";

    @AggregateIdentifier
    private String id;
    private ProgramOpened terms;
    private Money budget;
    private boolean closed;
    private Map<String, AgencyAccount> accounts = new LinkedHashMap<>();
    private Map<String, Report> reports = new HashMap<>();
    /** Reports with an unfunded part, oldest first: the order in which budget reaches them. */
    private List<String> unfundedQueue = new ArrayList<>();
    private Map<String, Payout> payouts = new HashMap<>();
    private Map<String, BudgetIncreased> increases = new HashMap<>();

    protected Program() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenProgram command) {
        ProgramOpened opened = ProgramRules.opened(command);
        if (!Refusal.isRepeat(terms == null ? null : ProgramRules.asDecided(terms, eligibleMarkets()), opened,
                "program id " + command.programId())) {
            apply(ProgramRules.checked(opened));
        }
    }

    @CommandHandler
    public void handle(IncreaseBudget command) {
        BudgetIncreased earlier = increases.get(command.increaseId());
        // the same increase sent again, by whoever: the maker named first stays
        if (Refusal.isRepeat(earlier == null ? null : Arrays.asList(earlier.amount(), earlier.reason()),
                Arrays.asList(command.amount(), command.reason()), "budget increase id " + command.increaseId())) {
            return;
        }
        if (!command.amount().isPositive()) {
            throw Refusal.invalid("amount must be positive");
        }
        apply(new BudgetIncreased(terms.programId(), command.increaseId(), command.amount(), command.reason(),
                budget.plus(command.amount()), command.officer()));
        fundWaitingClaims();
    }

    /** Called by the enrollment handler once it knows the agency exists. */
    public void enroll(String agencyId) {
        if (!accounts.containsKey(agencyId)) {
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
        Report existing = reports.get(command.reportId());
        // the same report sent again, by whoever: the submitter recorded first stays
        if (Refusal.isRepeat(existing == null ? null : ProgramRules.withoutSubmitter(existing.submission()),
                ProgramRules.withoutSubmitter(reported), "report id " + command.reportId())) {
            return;
        }
        refuseIfClosed(" to new reports");
        ProgramRules.checkReport(reported, account(command.agencyId()) != null, terms.fiscalYear(),
                LocalDate.now(clock), eligibleMarkets(), terms.programId());
        String group = groupKey(reported);
        reports.values().stream().filter(r -> r.standsFor(group)).findFirst().ifPresent(r -> {
            throw new Refusal(RefusalCode.DUPLICATE_GROUP, "group " + command.groupRef() + " arriving "
                    + command.arrivalDate() + " is already reported as " + r.submission().reportId());
        });
        apply(reported);
    }

    /**
     * What verifying each report still waiting would award if it were the next one verified: the
     * same decision verification makes, changing nothing. Reports verified after another of the
     * same agency can earn differently (tiers, a market no longer new, cap and budget used).
     */
    public Map<String, AwardBreakdown> awardsIfVerifiedNext() {
        Map<String, AwardBreakdown> previews = new TreeMap<>();
        reports.forEach((reportId, report) -> {
            if (report.is(ReportStatus.SUBMITTED)) {
                previews.put(reportId, ProgramRules.decide(terms.rules(), report, accounts.get(report.agencyId()),
                        remainingBudget()).breakdown());
            }
        });
        return previews;
    }

    @CommandHandler
    public AwardBreakdown handle(VerifyReport command) {
        Report report = report(command.reportId());
        if (report.is(ReportStatus.VERIFIED) || report.is(ReportStatus.REVERSED)) {
            return report.award(); // verified before: answered as then, nothing recomputed
        }
        ProgramRules.requireStatus(report, ReportStatus.SUBMITTED);
        if (command.officer().equals(report.submission().submittedBy())) {
            throw new Refusal(RefusalCode.SAME_USER_NOT_ALLOWED, "a report must be verified by another user than the "
                    + "one who submitted it");
        }
        ProgramRules.Decision decision = ProgramRules.decide(terms.rules(), report, account(report.agencyId()),
                remainingBudget());
        decision.events(terms.programId(), command.reportId(), report.agencyId(), command.officer())
                .forEach(event -> apply(event));
        return reports.get(command.reportId()).award();
    }

    @CommandHandler
    public void handle(RejectReport command) {
        Report report = report(command.reportId());
        if (!report.is(ReportStatus.REJECTED)) {
            ProgramRules.requireStatus(report, ReportStatus.SUBMITTED);
            apply(new ReportRejected(terms.programId(), command.reportId(), report.agencyId(), command.reason(),
                    command.officer()));
        }
    }

    @CommandHandler
    public void handle(ReverseReport command) {
        Report report = report(command.reportId());
        if (!report.is(ReportStatus.REVERSED)) {
            ProgramRules.requireStatus(report, ReportStatus.VERIFIED);
            apply(new ReportReversed(terms.programId(), command.reportId(), report.agencyId(), command.reason(),
                    command.officer(), report.award().accrued(), report.unfunded()));
            fundWaitingClaims();
        }
    }

    private void fundWaitingClaims() {
        List<Allocation.Claim> claims = unfundedQueue.stream().map(reports::get)
                .map(r -> new Allocation.Claim(r.submission().reportId(), r.agencyId(), r.unfunded())).toList();
        for (Allocation.Funding funding : Allocation.fundOldestFirst(claims, remainingBudget())) {
            apply(new UnfundedAwardFunded(terms.programId(), funding.reportId(), funding.agencyId(), funding.amount()));
        }
    }

    @CommandHandler
    public void handle(RequestPayout command) {
        Payout existing = payouts.get(command.payoutId());
        if (Refusal.isRepeat(existing == null ? null : Arrays.asList(existing.agencyId(), existing.amount()),
                Arrays.asList(command.agencyId(), command.amount()), "payout id " + command.payoutId())) {
            return;
        }
        AgencyAccount account = account(command.agencyId());
        ProgramRules.checkPayout(command, account, terms.programId());
        apply(new PayoutRequested(terms.programId(), command.payoutId(), command.agencyId(), command.amount(),
                command.officer()));
    }

    @CommandHandler
    public void handle(ApprovePayout command) {
        Payout payout = payout(command.payoutId());
        if (!command.officer().equals(payout.approvedBy())) { // approved by this officer already: as before
            ProgramRules.checkApproval(payout, command.officer(), account(payout.agencyId()));
            apply(new PayoutApproved(terms.programId(), command.payoutId(), payout.agencyId(), payout.amount(),
                    command.officer()));
        }
    }

    @CommandHandler
    public void handle(SettlePayout command) {
        Payout payout = payout(command.payoutId());
        if (!payout.settledAs(command.bankReference(), command.settledOn())) {
            ProgramRules.requireStatus(payout, PayoutStatus.APPROVED);
            apply(new PayoutSettled(terms.programId(), command.payoutId(), payout.agencyId(), payout.amount(),
                    command.bankReference(), command.settledOn(), command.officer()));
        }
    }

    @CommandHandler
    public void handle(FailPayout command) {
        Payout payout = payout(command.payoutId());
        if (!payout.is(PayoutStatus.FAILED)) {
            ProgramRules.refuseIfSettled(payout, command.payoutId());
            apply(new PayoutFailed(terms.programId(), command.payoutId(), payout.agencyId(), payout.amount(),
                    command.reason(), command.officer()));
        }
    }

    // ------------------------------------------------------------------ state changes

    @EventSourcingHandler
    void on(ProgramOpened e) {
        id = IncentiveCommands.programAggregateId(e.programId());
        terms = e;
        budget = e.budget();
    }

    @EventSourcingHandler
    void on(BudgetIncreased e) {
        budget = e.budget();
        increases.put(e.increaseId(), e);
    }

    @EventSourcingHandler
    void on(AgencyEnrolled e) {
        accounts.put(e.agencyId(), AgencyAccount.enrolled(e.cap() != null ? e.cap() : terms.agencyAnnualCap()));
    }

    @EventSourcingHandler
    void on(ProgramClosed e) {
        closed = true;
    }

    @EventSourcingHandler
    void on(TouristCountReported e) {
        reports.put(e.reportId(), Report.submitted(e));
    }

    @EventSourcingHandler
    void on(ReportVerified e) {
        Report verified = changeReport(e.reportId(), r -> r.verified(e, e.counted() != null ? e.counted()
                : AwardPolicy.meetsMinNights(terms.rules(), r.submission().nights())));
        changeAccount(e.agencyId(), a -> a.verified(e, verified));
    }

    @EventSourcingHandler
    void on(AwardAccrued e) {
        changeReport(e.reportId(), r -> r.accrued(e.amount()));
        changeAccount(e.agencyId(), a -> a.after(e));
    }

    @EventSourcingHandler
    void on(AwardCapped e) {
        changeReport(e.reportId(), r -> r.capped(e.amount()));
        changeAccount(e.agencyId(), a -> a.after(e));
    }

    @EventSourcingHandler
    void on(AwardUnfunded e) {
        changeReport(e.reportId(), r -> r.leftUnfunded(e.amount()));
        changeAccount(e.agencyId(), a -> a.after(e));
        unfundedQueue.add(e.reportId());
    }

    @EventSourcingHandler
    void on(UnfundedAwardFunded e) {
        Report funded = changeReport(e.reportId(), r -> r.funded(e.amount()));
        changeAccount(e.agencyId(), a -> a.after(e));
        if (funded.unfunded().isZero()) {
            unfundedQueue.remove(e.reportId());
        }
    }

    @EventSourcingHandler
    void on(ReportRejected e) {
        changeReport(e.reportId(), Report::rejected);
    }

    @EventSourcingHandler
    void on(ReportReversed e) {
        Report reversed = reports.get(e.reportId());
        changeAccount(e.agencyId(), a -> a.reversed(e, reversed));
        changeReport(e.reportId(), Report::reversed);
        unfundedQueue.remove(e.reportId());
    }

    @EventSourcingHandler
    void on(PayoutRequested e) {
        payouts.put(e.payoutId(), Payout.requested(e.agencyId(), e.amount(), e.requestedBy()));
        changeAccount(e.agencyId(), a -> a.after(e));
    }

    @EventSourcingHandler
    void on(PayoutApproved e) {
        payouts.computeIfPresent(e.payoutId(), (payoutId, p) -> p.approved(e.approvedBy()));
    }

    @EventSourcingHandler
    void on(PayoutSettled e) {
        payouts.computeIfPresent(e.payoutId(), (payoutId, p) -> p.settled(e.bankReference(), e.settledOn()));
        changeAccount(e.agencyId(), a -> a.after(e));
    }

    @EventSourcingHandler
    void on(PayoutFailed e) {
        payouts.computeIfPresent(e.payoutId(), (payoutId, p) -> p.failed());
        changeAccount(e.agencyId(), a -> a.after(e));
    }

    // ------------------------------------------------------------------ helpers

    private Report changeReport(String reportId, UnaryOperator<Report> change) {
        return reports.computeIfPresent(reportId, (key, report) -> change.apply(report));
    }

    private void changeAccount(String agencyId, UnaryOperator<AgencyAccount> change) {
        accounts.computeIfPresent(agencyId, (key, account) -> change.apply(account));
    }

    /** The budget not yet accrued by any agency. */
    private Money remainingBudget() {
        return accounts.values().stream().map(a -> a.balance().accrued()).reduce(budget, Money::minus);
    }

    private List<String> eligibleMarkets() {
        return terms.eligibleMarkets() == null ? SourceMarkets.defaultEligible() : terms.eligibleMarkets();
    }

    private void refuseIfClosed(String toWhat) {
        if (closed) {
            throw new Refusal(RefusalCode.PROGRAM_CLOSED, "program " + terms.programId() + " is closed" + toWhat);
        }
    }

    /** One group is one agency's group reference arriving on one day; case and outer blanks do not count. */
    static String groupKey(TouristCountReported report) {
        return report.agencyId() + '\n' + report.groupRef().strip().toLowerCase(Locale.ROOT) + '\n'
                + report.arrivalDate();
    }

    private AgencyAccount account(String agencyId) {
        return accounts.get(agencyId);
    }

    private Report report(String reportId) {
        Report report = reports.get(reportId);
        if (report == null) {
            throw Refusal.notFound("report " + reportId + " in program " + terms.programId());
        }
        return report;
    }

    private Payout payout(String payoutId) {
        Payout payout = payouts.get(payoutId);
        if (payout == null) {
            throw Refusal.notFound("payout " + payoutId + " in program " + terms.programId());
        }
        return payout;
    }
}
