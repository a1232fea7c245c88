package io.ledger.incentive.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.incentive.api.AwardBreakdown;
import io.ledger.incentive.api.AwardRules;
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

/**
 * One incentive fund for one fiscal year, and everything that draws on it: the enrolled agencies'
 * accounts, their reports and their payouts. One aggregate, because the cap of every agency and
 * the budget of the program must hold together at every moment.
 */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Program {

    public enum ReportStatus { SUBMITTED, VERIFIED, REJECTED, REVERSED }

    public enum PayoutStatus { REQUESTED, APPROVED, SETTLED, FAILED }

    @AggregateIdentifier
    private String id;
    private String programId;
    private String name;
    private int fiscalYear;
    private String currency;
    private Money budget;
    private Money cap;
    private AwardRules rules;
    private boolean closed;
    private Money accrued = Money.ZERO;
    private Map<String, Account> accounts = new LinkedHashMap<>();
    private Map<String, Report> reports = new HashMap<>();
    private List<String> unfundedQueue = new ArrayList<>();
    private Map<String, Payout> payouts = new HashMap<>();
    private Map<String, BudgetIncreased> increases = new HashMap<>();
    /** Null for programs opened before markets were named: {@link SourceMarkets#defaultEligible()}. */
    private List<String> eligibleMarkets;

    protected Program() {
    }

    // ------------------------------------------------------------------ the program

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(OpenProgram command) {
        List<String> markets = SourceMarkets.normalized(command.eligibleMarkets() == null
                ? SourceMarkets.defaultEligible() : command.eligibleMarkets());
        if (markets == null || markets.isEmpty()) {
            throw new Refusal("VALIDATION_FAILED", "eligibleMarkets must be ISO 3166-1 alpha-2 codes of inhabited "
                    + "markets other than CN, at least one");
        }
        ProgramOpened opened = new ProgramOpened(command.programId(), command.name(), command.fiscalYear(),
                command.currency(), command.budget(), command.agencyAnnualCap(),
                command.rules() == null ? AwardRules.none() : command.rules(), markets);
        if (programId != null) {
            if (opened.equals(new ProgramOpened(programId, name, fiscalYear, currency, budget, cap, rules,
                    eligibleMarkets()))) {
                return;
            }
            throw Refusal.duplicateId("program id " + command.programId());
        }
        if (!"CNY".equals(command.currency())) {
            throw new Refusal("VALIDATION_FAILED", "currency must be CNY");
        }
        if (command.budget().isNegative() || !command.agencyAnnualCap().isPositive()) {
            throw new Refusal("VALIDATION_FAILED", "budget must not be negative and agencyAnnualCap must be positive");
        }
        String problem = AwardPolicy.problemWith(opened.rules());
        if (problem != null) {
            throw new Refusal("VALIDATION_FAILED", problem);
        }
        apply(opened);
    }

    @CommandHandler
    public void handle(IncreaseBudget command) {
        BudgetIncreased earlier = increases.get(command.increaseId());
        if (earlier != null) {
            if (earlier.amount().equals(command.amount()) && Objects.equals(earlier.reason(), command.reason())) {
                // the same increase sent again, by whoever: the maker named first stays
                return;
            }
            throw Refusal.duplicateId("budget increase id " + command.increaseId());
        }
        if (!command.amount().isPositive()) {
            throw new Refusal("VALIDATION_FAILED", "amount must be positive");
        }
        Money newBudget = budget.plus(command.amount());
        apply(new BudgetIncreased(programId, command.increaseId(), command.amount(), command.reason(), newBudget,
                command.officer()));
        fundWaitingClaims();
    }

    /** Called by the enrollment handler once it knows the agency exists. */
    public void enroll(String agencyId) {
        if (accounts.containsKey(agencyId)) {
            return;
        }
        if (closed) {
            throw new Refusal("PROGRAM_CLOSED", "program " + programId + " is closed");
        }
        apply(new AgencyEnrolled(programId, agencyId));
    }

    @CommandHandler
    public void handle(CloseProgram command) {
        if (!closed) {
            apply(new ProgramClosed(programId));
        }
    }

    // ------------------------------------------------------------------ reports

    @CommandHandler
    public void handle(ReportTouristCount command, Clock clock) {
        TouristCountReported reported = new TouristCountReported(programId, command.reportId(), command.agencyId(),
                command.groupRef(), command.sourceMarket(), command.tourists(), command.nights(),
                command.arrivalDate(), command.submittedBy());
        Report existing = reports.get(command.reportId());
        if (existing != null) {
            // the same report sent again, by whoever: the submitter recorded first stays
            if (sameGroupFacts(existing.submission, reported)) {
                return;
            }
            throw Refusal.duplicateId("report id " + command.reportId());
        }
        if (closed) {
            throw new Refusal("PROGRAM_CLOSED", "program " + programId + " is closed to new reports");
        }
        if (!accounts.containsKey(command.agencyId())) {
            throw new Refusal("AGENCY_NOT_ENROLLED", "agency " + command.agencyId() + " is not enrolled in program "
                    + programId);
        }
        if (command.tourists() < 1 || command.nights() < 0 || !SourceMarkets.isValid(command.sourceMarket())) {
            throw new Refusal("VALIDATION_FAILED", "tourists must be positive, nights 0 or more, and sourceMarket "
                    + "an ISO 3166-1 alpha-2 code");
        }
        if (command.arrivalDate().getYear() != fiscalYear) {
            throw new Refusal("ARRIVAL_OUTSIDE_FISCAL_YEAR", "arrivalDate " + command.arrivalDate()
                    + " is outside fiscal year " + fiscalYear);
        }
        if (command.arrivalDate().isAfter(LocalDate.now(clock))) {
            throw new Refusal("ARRIVAL_IN_FUTURE", "arrivalDate " + command.arrivalDate() + " is in the future");
        }
        if (!eligibleMarkets().contains(command.sourceMarket())) {
            throw new Refusal("MARKET_NOT_ELIGIBLE", "sourceMarket " + command.sourceMarket()
                    + " is not an eligible source market of program " + programId);
        }
        String groupKey = groupKey(reported);
        reports.values().stream()
                .filter(r -> r.status != ReportStatus.REJECTED && r.status != ReportStatus.REVERSED)
                .filter(r -> groupKey.equals(groupKey(r.submission))).findFirst()
                .ifPresent(r -> {
                    throw new Refusal("DUPLICATE_GROUP", "group " + command.groupRef() + " arriving "
                            + command.arrivalDate() + " is already reported as " + r.submission.reportId());
                });
        apply(reported);
    }

    /** What verifying a report would award and how it would be allocated, on the program as it stands. */
    private record Decision(AwardPolicy.Award award, Allocation allocation) {

        AwardBreakdown breakdown() {
            return new AwardBreakdown(award.headcount(), award.largeGroup(), award.pioneering(), award.computed(),
                    allocation.accrued(), allocation.capped(), allocation.unfunded());
        }
    }

    private Decision decide(Report report) {
        Account account = accounts.get(report.agencyId());
        TouristCountReported facts = report.submission;
        AwardPolicy.Award award = AwardPolicy.award(rules, account.countedTourists, facts.tourists(), facts.nights(),
                account.isNewMarket(facts.sourceMarket()));
        return new Decision(award, Allocation.of(award.computed(), account.capRoom(cap), budget.minus(accrued)));
    }

    /**
     * What verifying each report still waiting would award if it were the next one verified: the
     * same decision verification makes, changing nothing. Reports verified after another of the
     * same agency can earn differently (tiers, a market no longer new, cap and budget used).
     */
    public Map<String, AwardBreakdown> awardsIfVerifiedNext() {
        Map<String, AwardBreakdown> previews = new java.util.TreeMap<>();
        reports.forEach((reportId, report) -> {
            if (report.status == ReportStatus.SUBMITTED) {
                previews.put(reportId, decide(report).breakdown());
            }
        });
        return previews;
    }

    @CommandHandler
    public AwardBreakdown handle(VerifyReport command) {
        Report report = report(command.reportId());
        if (report.status == ReportStatus.VERIFIED || report.status == ReportStatus.REVERSED) {
            return report.breakdown(); // verified before: answered as then, nothing recomputed
        }
        requireStatus(report, ReportStatus.SUBMITTED);
        if (command.officer().equals(report.submission.submittedBy())) {
            throw new Refusal("SAME_USER_NOT_ALLOWED", "a report must be verified by another user than the one who "
                    + "submitted it");
        }
        Decision decision = decide(report);
        AwardPolicy.Award award = decision.award();
        Money computed = award.computed();
        Allocation allocation = decision.allocation();
        String agencyId = report.agencyId();
        apply(new ReportVerified(programId, command.reportId(), agencyId, command.officer(), award.headcount(),
                award.largeGroup(), award.pioneering(), computed));
        if (allocation.accrued().isPositive()) {
            apply(new AwardAccrued(programId, command.reportId(), agencyId, allocation.accrued()));
        }
        if (allocation.capped().isPositive()) {
            apply(new AwardCapped(programId, command.reportId(), agencyId, allocation.capped()));
        }
        if (allocation.unfunded().isPositive()) {
            apply(new AwardUnfunded(programId, command.reportId(), agencyId, allocation.unfunded()));
        }
        return report.breakdown();
    }

    @CommandHandler
    public void handle(RejectReport command) {
        Report report = report(command.reportId());
        if (report.status == ReportStatus.REJECTED) {
            return;
        }
        requireStatus(report, ReportStatus.SUBMITTED);
        apply(new ReportRejected(programId, command.reportId(), report.agencyId(), command.reason(),
                command.officer()));
    }

    @CommandHandler
    public void handle(ReverseReport command) {
        Report report = report(command.reportId());
        if (report.status == ReportStatus.REVERSED) {
            return;
        }
        requireStatus(report, ReportStatus.VERIFIED);
        apply(new ReportReversed(programId, command.reportId(), report.agencyId(), command.reason(),
                command.officer(), report.accrued, report.unfunded));
        fundWaitingClaims();
    }

    private void fundWaitingClaims() {
        List<Allocation.Claim> claims = unfundedQueue.stream()
                .map(id -> new Allocation.Claim(id, reports.get(id).agencyId(), reports.get(id).unfunded))
                .toList();
        for (Allocation.Funding funding : Allocation.fundOldestFirst(claims, budget.minus(accrued))) {
            apply(new UnfundedAwardFunded(programId, funding.reportId(), funding.agencyId(), funding.amount()));
        }
    }

    // ------------------------------------------------------------------ payouts

    @CommandHandler
    public void handle(RequestPayout command) {
        Payout existing = payouts.get(command.payoutId());
        if (existing != null) {
            if (existing.agencyId.equals(command.agencyId()) && existing.amount.equals(command.amount())) {
                return;
            }
            throw Refusal.duplicateId("payout id " + command.payoutId());
        }
        Account account = accounts.get(command.agencyId());
        if (account == null) {
            throw new Refusal("AGENCY_NOT_ENROLLED", "agency " + command.agencyId() + " is not enrolled in program "
                    + programId);
        }
        if (!command.amount().isPositive()) {
            throw new Refusal("VALIDATION_FAILED", "amount must be positive");
        }
        if (command.amount().exceeds(account.outstanding())) {
            throw new Refusal("PAYOUT_EXCEEDS_BALANCE", "amount " + command.amount() + " exceeds the outstanding "
                    + "balance " + account.outstanding());
        }
        apply(new PayoutRequested(programId, command.payoutId(), command.agencyId(), command.amount(),
                command.officer()));
    }

    @CommandHandler
    public void handle(ApprovePayout command) {
        Payout payout = payout(command.payoutId());
        if (command.officer().equals(payout.approvedBy)) {
            return; // approved by this officer already, whatever happened since
        }
        requireStatus(payout, PayoutStatus.REQUESTED);
        if (payout.requestedBy.equals(command.officer())) {
            throw new Refusal("FOUR_EYES_REQUIRED", "a payout must be approved by another officer than the one who "
                    + "requested it");
        }
        Account account = accounts.get(payout.agencyId);
        if (account.outstanding().isNegative()) {
            // the payout is already reserved: a negative outstanding means the agency no longer has it
            throw new Refusal("PAYOUT_EXCEEDS_BALANCE", "amount " + payout.amount + " exceeds what the agency is "
                    + "owed now (" + account.outstanding().plus(payout.amount) + ")");
        }
        apply(new PayoutApproved(programId, command.payoutId(), payout.agencyId, payout.amount, command.officer()));
    }

    @CommandHandler
    public void handle(SettlePayout command) {
        Payout payout = payout(command.payoutId());
        if (payout.status == PayoutStatus.SETTLED && command.bankReference().equals(payout.bankReference)
                && command.settledOn().equals(payout.settledOn)) {
            return;
        }
        requireStatus(payout, PayoutStatus.APPROVED);
        apply(new PayoutSettled(programId, command.payoutId(), payout.agencyId, payout.amount, command.bankReference(),
                command.settledOn(), command.officer()));
    }

    @CommandHandler
    public void handle(FailPayout command) {
        Payout payout = payout(command.payoutId());
        if (payout.status == PayoutStatus.FAILED) {
            return;
        }
        if (payout.status == PayoutStatus.SETTLED) {
            throw new Refusal("INVALID_PAYOUT_STATE", "payout " + command.payoutId() + " is settled and cannot fail");
        }
        apply(new PayoutFailed(programId, command.payoutId(), payout.agencyId, payout.amount, command.reason(),
                command.officer()));
    }

    // ------------------------------------------------------------------ state changes

    @EventSourcingHandler
    void on(ProgramOpened event) {
        id = io.ledger.incentive.api.IncentiveCommands.programAggregateId(event.programId());
        programId = event.programId();
        name = event.name();
        fiscalYear = event.fiscalYear();
        currency = event.currency();
        budget = event.budget();
        cap = event.agencyAnnualCap();
        rules = event.rules();
        eligibleMarkets = event.eligibleMarkets();
    }

    @EventSourcingHandler
    void on(BudgetIncreased event) {
        budget = event.budget();
        increases.put(event.increaseId(), event);
    }

    @EventSourcingHandler
    void on(AgencyEnrolled event) {
        accounts.put(event.agencyId(), new Account());
    }

    @EventSourcingHandler
    void on(ProgramClosed event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(TouristCountReported event) {
        reports.put(event.reportId(), new Report(event));
    }

    @EventSourcingHandler
    void on(ReportVerified event) {
        Report report = reports.get(event.reportId());
        Account account = accounts.get(event.agencyId());
        report.status = ReportStatus.VERIFIED;
        report.headcount = event.headcount();
        report.largeGroup = event.largeGroup();
        report.pioneering = event.pioneering();
        report.computed = event.computed();
        report.counted = AwardPolicy.meetsMinNights(rules, report.submission.nights());
        account.computed = account.computed.plus(event.computed());
        if (report.counted) {
            account.countedTourists += report.submission.tourists();
        }
        account.markets.merge(report.submission.sourceMarket(), 1, Integer::sum);
    }

    @EventSourcingHandler
    void on(AwardAccrued event) {
        reports.get(event.reportId()).accrued = event.amount();
        Account account = accounts.get(event.agencyId());
        account.accrued = account.accrued.plus(event.amount());
        accrued = accrued.plus(event.amount());
    }

    @EventSourcingHandler
    void on(AwardCapped event) {
        reports.get(event.reportId()).capped = event.amount();
        Account account = accounts.get(event.agencyId());
        account.capped = account.capped.plus(event.amount());
    }

    @EventSourcingHandler
    void on(AwardUnfunded event) {
        reports.get(event.reportId()).unfunded = event.amount();
        Account account = accounts.get(event.agencyId());
        account.unfunded = account.unfunded.plus(event.amount());
        unfundedQueue.add(event.reportId());
    }

    @EventSourcingHandler
    void on(UnfundedAwardFunded event) {
        Report report = reports.get(event.reportId());
        Account account = accounts.get(event.agencyId());
        report.unfunded = report.unfunded.minus(event.amount());
        report.accrued = report.accrued.plus(event.amount());
        account.unfunded = account.unfunded.minus(event.amount());
        account.accrued = account.accrued.plus(event.amount());
        accrued = accrued.plus(event.amount());
        if (report.unfunded.isZero()) {
            unfundedQueue.remove(event.reportId());
        }
    }

    @EventSourcingHandler
    void on(ReportRejected event) {
        reports.get(event.reportId()).status = ReportStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(ReportReversed event) {
        Report report = reports.get(event.reportId());
        Account account = accounts.get(event.agencyId());
        report.status = ReportStatus.REVERSED;
        account.accrued = account.accrued.minus(event.accruedTakenBack());
        account.unfunded = account.unfunded.minus(event.unfundedReleased());
        account.computed = account.computed.minus(event.accruedTakenBack()).minus(event.unfundedReleased());
        accrued = accrued.minus(event.accruedTakenBack());
        report.accrued = Money.ZERO;
        report.unfunded = Money.ZERO;
        unfundedQueue.remove(event.reportId());
        if (report.counted) {
            account.countedTourists -= report.submission.tourists();
        }
        account.markets.merge(report.submission.sourceMarket(), -1, Integer::sum);
    }

    @EventSourcingHandler
    void on(PayoutRequested event) {
        payouts.put(event.payoutId(), new Payout(event.agencyId(), event.amount(), event.requestedBy()));
        Account account = accounts.get(event.agencyId());
        account.reserved = account.reserved.plus(event.amount());
    }

    @EventSourcingHandler
    void on(PayoutApproved event) {
        Payout payout = payouts.get(event.payoutId());
        payout.status = PayoutStatus.APPROVED;
        payout.approvedBy = event.approvedBy();
    }

    @EventSourcingHandler
    void on(PayoutSettled event) {
        Payout payout = payouts.get(event.payoutId());
        payout.status = PayoutStatus.SETTLED;
        payout.bankReference = event.bankReference();
        payout.settledOn = event.settledOn();
        Account account = accounts.get(event.agencyId());
        account.reserved = account.reserved.minus(event.amount());
        account.paid = account.paid.plus(event.amount());
    }

    @EventSourcingHandler
    void on(PayoutFailed event) {
        payouts.get(event.payoutId()).status = PayoutStatus.FAILED;
        Account account = accounts.get(event.agencyId());
        account.reserved = account.reserved.minus(event.amount());
    }

    // ------------------------------------------------------------------ helpers

    private List<String> eligibleMarkets() {
        return eligibleMarkets == null ? SourceMarkets.defaultEligible() : eligibleMarkets;
    }

    private static boolean sameGroupFacts(TouristCountReported a, TouristCountReported b) {
        return a.equals(new TouristCountReported(b.programId(), b.reportId(), b.agencyId(), b.groupRef(),
                b.sourceMarket(), b.tourists(), b.nights(), b.arrivalDate(), a.submittedBy()));
    }

    /** One group is one agency's group reference arriving on one day; case and outer blanks do not count. */
    private static String groupKey(TouristCountReported report) {
        return report.agencyId() + '\n' + report.groupRef().strip().toLowerCase(java.util.Locale.ROOT) + '\n'
                + report.arrivalDate();
    }

    private Report report(String reportId) {
        Report report = reports.get(reportId);
        if (report == null) {
            throw Refusal.notFound("report " + reportId + " in program " + programId);
        }
        return report;
    }

    private Payout payout(String payoutId) {
        Payout payout = payouts.get(payoutId);
        if (payout == null) {
            throw Refusal.notFound("payout " + payoutId + " in program " + programId);
        }
        return payout;
    }

    private static void requireStatus(Report report, ReportStatus expected) {
        if (report.status != expected) {
            throw new Refusal("INVALID_REPORT_STATE", "report " + report.submission.reportId() + " is "
                    + report.status + ", not " + expected);
        }
    }

    private static void requireStatus(Payout payout, PayoutStatus expected) {
        if (payout.status != expected) {
            throw new Refusal("INVALID_PAYOUT_STATE", "payout is " + payout.status + ", not " + expected);
        }
    }

    /** An enrolled agency's standing in this program. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    static final class Account {
        long countedTourists;
        Map<String, Integer> markets = new HashMap<>();
        Money computed = Money.ZERO;
        Money accrued = Money.ZERO;
        Money capped = Money.ZERO;
        Money unfunded = Money.ZERO;
        Money reserved = Money.ZERO;
        Money paid = Money.ZERO;

        boolean isNewMarket(String market) {
            return markets.getOrDefault(market, 0) == 0;
        }

        Money capRoom(Money cap) {
            return cap.minus(accrued).minus(unfunded);
        }

        Money outstanding() {
            return accrued.minus(reserved).minus(paid);
        }

        private List<Object> state() {
            return java.util.Arrays.asList(countedTourists, markets, computed, accrued, capped, unfunded, reserved,
                    paid);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Account account && state().equals(account.state());
        }

        @Override
        public int hashCode() {
            return state().hashCode();
        }
    }

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    static final class Report {
        TouristCountReported submission;
        ReportStatus status = ReportStatus.SUBMITTED;
        boolean counted;
        Money headcount = Money.ZERO;
        Money largeGroup = Money.ZERO;
        Money pioneering = Money.ZERO;
        Money computed = Money.ZERO;
        Money accrued = Money.ZERO;
        Money capped = Money.ZERO;
        Money unfunded = Money.ZERO;

        Report() {
        }

        Report(TouristCountReported submission) {
            this.submission = submission;
        }

        String agencyId() {
            return submission.agencyId();
        }

        AwardBreakdown breakdown() {
            return new AwardBreakdown(headcount, largeGroup, pioneering, computed, accrued, capped, unfunded);
        }

        private List<Object> state() {
            return java.util.Arrays.asList(submission, status, counted, breakdown());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Report report && state().equals(report.state());
        }

        @Override
        public int hashCode() {
            return state().hashCode();
        }
    }

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    static final class Payout {
        String agencyId;
        Money amount;
        String requestedBy;
        String approvedBy;
        PayoutStatus status = PayoutStatus.REQUESTED;
        String bankReference;
        LocalDate settledOn;

        Payout() {
        }

        Payout(String agencyId, Money amount, String requestedBy) {
            this.agencyId = agencyId;
            this.amount = amount;
            this.requestedBy = requestedBy;
        }

        private List<Object> state() {
            return java.util.Arrays.asList(agencyId, amount, requestedBy, approvedBy, status, bankReference, settledOn);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Payout payout && state().equals(payout.state());
        }

        @Override
        public int hashCode() {
            return state().hashCode();
        }
    }
}
