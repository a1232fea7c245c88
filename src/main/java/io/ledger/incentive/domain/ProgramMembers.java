package io.ledger.incentive.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.axonframework.eventsourcing.EventSourcingHandler;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.domain.RefusalCode;
import io.ledger.incentive.api.AwardBreakdown;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.MoneyMovement;
import io.ledger.incentive.api.IncentiveEvents.PayoutApproved;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ReportRejected;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.incentive.api.IncentiveEvents.UnfundedAwardFunded;
import io.ledger.incentive.api.ReportStatus;

/**
 * The members of a program: its agencies' accounts, its reports and its payouts. Axon hands it
 * every event of the program after the root; each event replaces the member values it concerns
 * (immutable records), and the lookups answer the program's commands.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class ProgramMembers {

    /**
     * The program's terms that the members' decisions use, and that replay needs for events from
     * before the decisions were recorded in them.
     */
    private String programId;
    private Money programCap;
    private AwardRules rules;

    private Map<String, AgencyAccount> accounts = new LinkedHashMap<>();
    private Map<String, Report> reports = new HashMap<>();
    /** Reports with an unfunded part, oldest first: the order in which budget reaches them. */
    private List<String> unfundedQueue = new ArrayList<>();
    private Map<String, Payout> payouts = new HashMap<>();
    /**
     * The ids of each group's reports ({@link Report#groupKey}), so that a new report is checked against
     * its own group's reports, not against every report of the program. Derived from {@link #reports}:
     * not part of the snapshot, built again at the first check after a load, then kept up as reports
     * arrive. Whether a report still stands for its group is read from the report itself.
     */
    @JsonIgnore
    private transient Map<String, List<String>> reportsByGroup;

    // ------------------------------------------------------------------ what commands ask

    /** The agency's account, or null if it is not enrolled. */
    AgencyAccount account(String agencyId) {
        return accounts.get(agencyId);
    }

    /** The report, or null if the id is new. */
    Report findReport(String reportId) {
        return reports.get(reportId);
    }

    Report report(String reportId, String programId) {
        Report report = reports.get(reportId);
        if (report == null) {
            throw Refusal.notFound("report " + reportId + " in program " + programId);
        }
        return report;
    }

    /** The payout, or null if the id is new. */
    Payout findPayout(String payoutId) {
        return payouts.get(payoutId);
    }

    Payout payout(String payoutId, String programId) {
        Payout payout = payouts.get(payoutId);
        if (payout == null) {
            throw Refusal.notFound("payout " + payoutId + " in program " + programId);
        }
        return payout;
    }

    /** One group is reported once while its report stands (neither rejected nor reversed). */
    void refuseSecondReportOfGroup(TouristCountReported reported) {
        String group = Report.groupKey(reported);
        for (String reportId : reportsByGroup().getOrDefault(group, List.of())) {
            if (reports.get(reportId).standsFor(group)) {
                throw new Refusal(RefusalCode.DUPLICATE_GROUP, "group " + reported.groupRef() + " arriving "
                        + reported.arrivalDate() + " is already reported as " + reportId);
            }
        }
    }

    private Map<String, List<String>> reportsByGroup() {
        if (reportsByGroup == null) {
            Map<String, List<String>> byGroup = new HashMap<>();
            reports.forEach((id, report) -> byGroup.computeIfAbsent(Report.groupKey(report.submission()),
                    g -> new ArrayList<>()).add(id));
            reportsByGroup = byGroup;
        }
        return reportsByGroup;
    }

    /** The budget not yet accrued by any agency. */
    private Money remainingBudget(Money budget) {
        return accounts.values().stream().map(a -> a.balance().accrued()).reduce(budget, Money::minus);
    }

    /** What the budget not yet accrued funds of the unfunded parts waiting, oldest first. */
    List<UnfundedAwardFunded> fundingsWithin(Money budget) {
        List<Allocation.Claim> claims = unfundedQueue.stream().map(reports::get)
                .map(r -> new Allocation.Claim(r.submission().reportId(), r.agencyId(), r.unfunded())).toList();
        return Allocation.fundOldestFirst(claims, remainingBudget(budget)).stream().map(funding ->
                new UnfundedAwardFunded(programId, funding.reportId(), funding.agencyId(), funding.amount())).toList();
    }

    /** What verifying each submitted report would award if it were the next one verified. */
    Map<String, AwardBreakdown> awardsIfVerifiedNext(Money budget) {
        Map<String, AwardBreakdown> previews = new TreeMap<>();
        reports.forEach((reportId, report) -> {
            if (report.is(ReportStatus.SUBMITTED)) {
                previews.put(reportId, decision(report, budget).breakdown());
            }
        });
        return previews;
    }

    /** What verifying the report would decide on the program as it stands. */
    ProgramRules.Decision decision(Report report, Money budget) {
        return ProgramRules.decide(rules, report, accounts.get(report.agencyId()), remainingBudget(budget));
    }

    // ------------------------------------------------------------------ what events change

    @EventSourcingHandler
    void on(ProgramOpened e) {
        programId = e.programId();
        programCap = e.agencyAnnualCap();
        rules = e.rules();
    }

    /** Agencies enrolled before the cap was recorded in the event have the program's cap. */
    @EventSourcingHandler
    void on(AgencyEnrolled e) {
        accounts.put(e.agencyId(), AgencyAccount.enrolled(e.cap() != null ? e.cap() : programCap));
    }

    @EventSourcingHandler
    void on(TouristCountReported e) {
        reports.put(e.reportId(), Report.submitted(e));
        if (reportsByGroup != null) {
            reportsByGroup.computeIfAbsent(Report.groupKey(e), g -> new ArrayList<>()).add(e.reportId());
        }
    }

    /** Verifications from before {@code counted} was recorded are decided by the rules as they were. */
    @EventSourcingHandler
    void on(ReportVerified e) {
        Report verified = changeReport(e.reportId(), r -> r.verified(e, e.counted() != null ? e.counted()
                : AwardPolicy.meetsMinNights(rules, r.submission().nights())));
        changeAccount(e.agencyId(), a -> a.verified(e, verified));
    }

    @EventSourcingHandler
    void on(AwardAccrued e) {
        allocated(e, e.reportId(), r -> r.accrued(e.amount()));
    }

    @EventSourcingHandler
    void on(AwardCapped e) {
        allocated(e, e.reportId(), r -> r.capped(e.amount()));
    }

    @EventSourcingHandler
    void on(AwardUnfunded e) {
        allocated(e, e.reportId(), r -> r.leftUnfunded(e.amount()));
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

    /** A part of an award decided: the report's breakdown and the agency's money change together. */
    private void allocated(MoneyMovement e, String reportId, UnaryOperator<Report> change) {
        changeReport(reportId, change);
        changeAccount(e.agencyId(), a -> a.after(e));
    }

    private Report changeReport(String reportId, UnaryOperator<Report> change) {
        return reports.computeIfPresent(reportId, (key, report) -> change.apply(report));
    }

    private void changeAccount(String agencyId, UnaryOperator<AgencyAccount> change) {
        accounts.computeIfPresent(agencyId, (key, account) -> change.apply(account));
    }
}
