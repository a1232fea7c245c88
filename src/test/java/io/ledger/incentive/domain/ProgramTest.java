package io.ledger.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

/** Given-when-then for every command of a program and every refusal. */
class ProgramTest {

    static final String P = "HY2025";
    static final String A = "A001";
    static final String B = "A002";
    static final LocalDate MAY_2 = LocalDate.of(2025, 5, 2);
    static final Clock JUNE_30 = Clock.fixed(Instant.parse("2025-06-30T04:00:00Z"), ZoneId.of("Asia/Shanghai"));

    static final AwardRules RULES = new AwardRules(
            new AwardRules.Headcount(1, List.of(new AwardRules.Tier(1, yuan(50)), new AwardRules.Tier(11, yuan(80)))),
            new AwardRules.LargeGroup(30, yuan(3000)),
            new AwardRules.Pioneering(yuan(10000), 1, 0));

    private FixtureConfiguration<Program> fixture;

    static Money yuan(long yuan) {
        return Money.ofYuan(yuan);
    }

    static ProgramOpened opened(long budgetYuan, long capYuan) {
        return new ProgramOpened(P, "Hengyang 2025", 2025, "CNY", yuan(budgetYuan), yuan(capYuan), RULES,
                SourceMarkets.defaultEligible());
    }

    static TouristCountReported reported(String reportId, String agency, String market, int tourists, int nights) {
        return new TouristCountReported(P, reportId, agency, "G-" + reportId, market, tourists, nights, MAY_2,
                agency);
    }

    static ReportTouristCount report(String reportId, String agency, String market, int tourists, int nights) {
        return new ReportTouristCount(P, reportId, agency, "G-" + reportId, market, tourists, nights, MAY_2,
                agency);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Program.class);
        fixture.registerInjectableResource(JUNE_30);
    }

    // ---------------------------------------------------------------- opening

    @Test
    void opensAProgram() {
        fixture.givenNoPriorActivity()
                .when(new OpenProgram(P, "Hengyang 2025", 2025, "CNY", yuan(1_000_000), yuan(3_000_000), RULES))
                .expectEvents(opened(1_000_000, 3_000_000));
    }

    @Test
    void openingAgainWithTheSameContentChangesNothing() {
        fixture.given(opened(1_000_000, 3_000_000))
                .when(new OpenProgram(P, "Hengyang 2025", 2025, "CNY", yuan(1_000_000), yuan(3_000_000), RULES))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void theSameProgramIdWithOtherContentIsRefused() {
        fixture.given(opened(1_000_000, 3_000_000))
                .when(new OpenProgram(P, "Other", 2025, "CNY", yuan(1_000_000), yuan(3_000_000), RULES))
                .expectException(Refusal.class).expectExceptionMessage("program id HY2025 was already used for a "
                        + "different request");
    }

    @Test
    void refusesCurrenciesOtherThanYuanAndBrokenRules() {
        fixture.givenNoPriorActivity()
                .when(new OpenProgram(P, "x", 2025, "USD", yuan(1), yuan(1), RULES))
                .expectException(Refusal.class).expectNoEvents();
        AwardRules gap = new AwardRules(new AwardRules.Headcount(1, List.of(new AwardRules.Tier(2, yuan(50)))), null,
                null);
        fixture.givenNoPriorActivity()
                .when(new OpenProgram(P, "x", 2025, "CNY", yuan(1), yuan(1), gap))
                .expectException(Refusal.class).expectExceptionMessage("rules.headcount.tiers must start with a tier "
                        + "from tourist 1");
        fixture.givenNoPriorActivity()
                .when(new OpenProgram(P, "x", 2025, "CNY", yuan(1), Money.ZERO, RULES))
                .expectException(Refusal.class);
    }

    @Test
    void closingTwiceChangesNothing() {
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                .when(new CloseProgram(P))
                .expectEvents(new ProgramClosed(P));
        fixture.given(opened(1_000_000, 3_000_000), new ProgramClosed(P))
                .when(new CloseProgram(P))
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- reports

    @Test
    void anEnrolledAgencyReportsATouristCount() {
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                .when(report("R1", A, "MY", 12, 2))
                .expectEvents(reported("R1", A, "MY", 12, 2));
    }

    @Test
    void reportRefusals() {
        fixture.given(opened(1_000_000, 3_000_000))
                .when(report("R1", A, "MY", 12, 2))
                .expectException(Refusal.class).expectExceptionMessage("agency A001 is not enrolled in program HY2025");
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), new ProgramClosed(P))
                .when(report("R1", A, "MY", 12, 2))
                .expectException(Refusal.class).expectExceptionMessage("program HY2025 is closed to new reports");
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                .when(new ReportTouristCount(P, "R1", A, "G", "MY", 12, 2, LocalDate.of(2024, 12, 31), A))
                .expectException(Refusal.class).expectNoEvents();
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                .when(new ReportTouristCount(P, "R1", A, "G", "MY", 12, 2, LocalDate.of(2025, 7, 1), A))
                .expectException(Refusal.class).expectExceptionMessage("arrivalDate 2025-07-01 is in the future");
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                .when(report("R1", A, "XX", 12, 2))
                .expectException(Refusal.class).expectNoEvents();
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                .when(report("R1", A, "MY", 0, 2))
                .expectException(Refusal.class).expectNoEvents();
    }

    @Test
    void aReportIdIsNeverUsedForDifferentContent() {
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), reported("R1", A, "MY", 12, 2))
                .when(report("R1", A, "MY", 12, 2))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), reported("R1", A, "MY", 12, 2))
                .when(report("R1", A, "MY", 13, 2))
                .expectException(Refusal.class).expectExceptionMessage("report id R1 was already used for a different "
                        + "request");
    }

    @Test
    void verificationComputesEveryPartAndAccruesIt() {
        // 12 tourists: 10 at 50 + 2 at 80 = 660; no large group; new market: 10000
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), reported("R1", A, "MY", 12, 2))
                .when(new VerifyReport(P, "R1", "officer1"))
                .expectEvents(
                        new ReportVerified(P, "R1", A, "officer1", yuan(660), Money.ZERO, yuan(10000), yuan(10660), true),
                        new AwardAccrued(P, "R1", A, yuan(10660)))
                .expectResultMessagePayload(new AwardBreakdown(yuan(660), Money.ZERO, yuan(10000), yuan(10660),
                        yuan(10660), Money.ZERO, Money.ZERO));
    }

    @Test
    void tiersFollowTheAgencysRunningCountAndAKnownMarketEarnsNoPioneeringAward() {
        // 8 tourists counted before; 40 now: tourists 9-10 at 50, 11-48 at 80 = 100 + 3040; large group 3000
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), reported("R1", A, "MY", 8, 1),
                        new ReportVerified(P, "R1", A, "o", yuan(400), Money.ZERO, yuan(10000), yuan(10400), true),
                        new AwardAccrued(P, "R1", A, yuan(10400)), reported("R2", A, "MY", 40, 3))
                .when(new VerifyReport(P, "R2", "officer1"))
                .expectEvents(new ReportVerified(P, "R2", A, "officer1", yuan(3140), yuan(3000), Money.ZERO, yuan(6140), true),
                        new AwardAccrued(P, "R2", A, yuan(6140)));
    }

    @Test
    void touristsOfStaysBelowTheMinimumEarnNoHeadcountAwardAndAreNotCounted() {
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), reported("R1", A, "SG", 30, 0))
                .when(new VerifyReport(P, "R1", "officer1"))
                .expectEvents(new ReportVerified(P, "R1", A, "officer1", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                        new AwardAccrued(P, "R1", A, yuan(13000)));
    }

    @Test
    void thePartAboveTheCapIsCappedAndThePartAboveTheBudgetIsUnfunded() {
        // cap 12000, budget 11000: computed 13000 → capped 1000, within cap 12000 → accrued 11000, unfunded 1000
        fixture.given(opened(11_000, 12_000), new AgencyEnrolled(P, A, yuan(12_000)), reported("R1", A, "SG", 30, 0))
                .when(new VerifyReport(P, "R1", "officer1"))
                .expectEvents(new ReportVerified(P, "R1", A, "officer1", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                        new AwardAccrued(P, "R1", A, yuan(11000)),
                        new AwardCapped(P, "R1", A, yuan(1000)),
                        new AwardUnfunded(P, "R1", A, yuan(1000)));
    }

    @Test
    void aBudgetIncreaseFundsWaitingClaimsOldestFirst() {
        fixture.given(opened(0, 100_000), new AgencyEnrolled(P, A, yuan(100_000)), new AgencyEnrolled(P, B, yuan(100_000)),
                        reported("R1", A, "SG", 30, 0), reported("R2", B, "JP", 30, 0),
                        new ReportVerified(P, "R1", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                        new AwardUnfunded(P, "R1", A, yuan(13000)),
                        new ReportVerified(P, "R2", B, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                        new AwardUnfunded(P, "R2", B, yuan(13000)))
                .when(new IncreaseBudget(P, "INC1", yuan(20000), "top-up", "o2"))
                .expectEvents(new BudgetIncreased(P, "INC1", yuan(20000), "top-up", yuan(20000), "o2"),
                        new UnfundedAwardFunded(P, "R1", A, yuan(13000)),
                        new UnfundedAwardFunded(P, "R2", B, yuan(7000)));
    }

    @Test
    void budgetIncreasesAreIdempotentOnTheirId() {
        fixture.given(opened(0, 100_000), new BudgetIncreased(P, "INC1", yuan(5), "r", yuan(5), "o2"))
                .when(new IncreaseBudget(P, "INC1", yuan(5), "r", "o2"))
                .expectNoEvents();
        fixture.given(opened(0, 100_000), new BudgetIncreased(P, "INC1", yuan(5), "r", yuan(5), "o2"))
                .when(new IncreaseBudget(P, "INC1", yuan(6), "r", "o2"))
                .expectException(Refusal.class).expectNoEvents();
        fixture.given(opened(0, 100_000))
                .when(new IncreaseBudget(P, "INC2", Money.ZERO, "r", "o2"))
                .expectException(Refusal.class).expectNoEvents();
    }

    @Test
    void rejectionOnlyOfSubmittedReports() {
        fixture.given(opened(1_000, 3_000), new AgencyEnrolled(P, A, yuan(3_000)), reported("R1", A, "MY", 12, 2))
                .when(new RejectReport(P, "R1", "duplicate group", "officer1"))
                .expectEvents(new ReportRejected(P, "R1", A, "duplicate group", "officer1"));
        fixture.given(opened(1_000, 3_000), new AgencyEnrolled(P, A, yuan(3_000)), reported("R1", A, "MY", 12, 2),
                        new ReportRejected(P, "R1", A, "x", "o"))
                .when(new VerifyReport(P, "R1", "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("report R1 is REJECTED, not SUBMITTED");
        fixture.given(opened(1_000, 3_000))
                .when(new VerifyReport(P, "nope", "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("report nope in program HY2025 does not exist");
    }

    @Test
    void aReversalTakesBackWhatTheReportAccruedAndWasUnfundedAndFundsOthers() {
        fixture.given(opened(11_000, 100_000), new AgencyEnrolled(P, A, yuan(100_000)), new AgencyEnrolled(P, B, yuan(100_000)),
                        reported("R1", A, "SG", 30, 0), reported("R2", B, "JP", 30, 0),
                        new ReportVerified(P, "R1", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                        new AwardAccrued(P, "R1", A, yuan(11000)), new AwardUnfunded(P, "R1", A, yuan(2000)),
                        new ReportVerified(P, "R2", B, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                        new AwardUnfunded(P, "R2", B, yuan(13000)))
                .when(new ReverseReport(P, "R1", "group never arrived", "officer2"))
                .expectEvents(new ReportReversed(P, "R1", A, "group never arrived", "officer2", yuan(11000), yuan(2000)),
                        new UnfundedAwardFunded(P, "R2", B, yuan(11000)));
        fixture.given(opened(1_000, 3_000), new AgencyEnrolled(P, A, yuan(3_000)), reported("R1", A, "MY", 12, 2))
                .when(new ReverseReport(P, "R1", "x", "officer1"))
                .expectException(Refusal.class).expectNoEvents();
    }

    // ---------------------------------------------------------------- payouts

    private Object[] accruedTenThousandFor(String agency) {
        return new Object[] {opened(1_000_000, 3_000_000), new AgencyEnrolled(P, agency, yuan(3_000_000)),
                reported("R1", agency, "SG", 10, 0),
                new ReportVerified(P, "R1", agency, "o", Money.ZERO, Money.ZERO, yuan(10000), yuan(10000), false),
                new AwardAccrued(P, "R1", agency, yuan(10000))};
    }

    @Test
    void aPayoutIsRequestedApprovedByAnotherOfficerAndSettled() {
        fixture.given(accruedTenThousandFor(A))
                .when(new RequestPayout(P, "PAY1", A, yuan(8000), "officer1"))
                .expectEvents(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"));
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"))
                .when(new ApprovePayout(P, "PAY1", "officer2"))
                .expectEvents(new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"));
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"))
                .when(new SettlePayout(P, "PAY1", "BOC-2025-0001", LocalDate.of(2025, 6, 3), "officer1"))
                .expectEvents(new PayoutSettled(P, "PAY1", A, yuan(8000), "BOC-2025-0001", LocalDate.of(2025, 6, 3),
                        "officer1"));
    }

    @Test
    void payoutRefusals() {
        fixture.given(accruedTenThousandFor(A))
                .when(new RequestPayout(P, "PAY1", A, yuan(10001), "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("amount 10001.00 exceeds the outstanding "
                        + "balance 10000.00");
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"))
                .when(new RequestPayout(P, "PAY2", A, yuan(2001), "officer1"))
                .expectException(Refusal.class).expectNoEvents();
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"))
                .when(new ApprovePayout(P, "PAY1", "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("a payout must be approved by another officer "
                        + "than the one who requested it");
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"))
                .when(new SettlePayout(P, "PAY1", "BOC-1", LocalDate.of(2025, 6, 3), "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("payout is REQUESTED, not APPROVED");
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"),
                        new PayoutSettled(P, "PAY1", A, yuan(8000), "BOC-1", LocalDate.of(2025, 6, 3), "officer1"))
                .when(new FailPayout(P, "PAY1", "bounced", "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("payout PAY1 is settled and cannot fail");
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"),
                        new PayoutFailed(P, "PAY1", A, yuan(8000), "account closed", "officer1"))
                .when(new SettlePayout(P, "PAY1", "BOC-1", LocalDate.of(2025, 6, 3), "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("payout is FAILED, not APPROVED");
        fixture.given(accruedTenThousandFor(A))
                .when(new ApprovePayout(P, "nope", "officer2"))
                .expectException(Refusal.class).expectExceptionMessage("payout nope in program HY2025 does not exist");
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"))
                .when(new RequestPayout(P, "PAY1", A, yuan(7000), "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("payout id PAY1 was already used for a "
                        + "different request");
    }

    @Test
    void aFailedPayoutReturnsTheMoneyAndRepeatedCommandsChangeNothing() {
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"))
                .when(new FailPayout(P, "PAY1", "account closed", "officer1"))
                .expectEvents(new PayoutFailed(P, "PAY1", A, yuan(8000), "account closed", "officer1"));
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutFailed(P, "PAY1", A, yuan(8000), "x", "officer1"))
                .when(new RequestPayout(P, "PAY2", A, yuan(10000), "officer1"))
                .expectEvents(new PayoutRequested(P, "PAY2", A, yuan(10000), "officer1"));
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"))
                .when(new RequestPayout(P, "PAY1", A, yuan(8000), "officer1"))
                .expectNoEvents();
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"))
                .when(new ApprovePayout(P, "PAY1", "officer2"))
                .expectNoEvents();
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"),
                        new PayoutSettled(P, "PAY1", A, yuan(8000), "B1", LocalDate.of(2025, 6, 1), "officer1"))
                .when(new ApprovePayout(P, "PAY1", "officer2"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2"))
                .when(new ApprovePayout(P, "PAY1", "officer3"))
                .expectException(Refusal.class).expectExceptionMessage("payout is APPROVED, not REQUESTED");
        fixture.given(accruedTenThousandFor(A)).andGiven(
                        new ReportReversed(P, "R1", A, "fraud", "officer2", yuan(10000), Money.ZERO))
                .when(new VerifyReport(P, "R1", "officer1"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void approvalRechecksTheBalanceAfterAReversal() {
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1"),
                        new ReportReversed(P, "R1", A, "fraud", "officer2", yuan(10000), Money.ZERO))
                .when(new ApprovePayout(P, "PAY1", "officer2"))
                .expectException(Refusal.class).expectNoEvents();
    }

    @Test
    void aReversalAfterPaymentLeavesTheAgencyOwingAndLaterAwardsPayItOff() {
        // paid 10000, then reversed: owes 10000; a new 13000 award leaves 3000 payable, not 13000
        fixture.given(accruedTenThousandFor(A)).andGiven(new PayoutRequested(P, "PAY1", A, yuan(10000), "officer1"),
                        new PayoutApproved(P, "PAY1", A, yuan(10000), "officer2"),
                        new PayoutSettled(P, "PAY1", A, yuan(10000), "B1", LocalDate.of(2025, 6, 1), "officer1"),
                        new ReportReversed(P, "R1", A, "fraud", "officer2", yuan(10000), Money.ZERO),
                        reported("R2", A, "JP", 30, 0),
                        new ReportVerified(P, "R2", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                        new AwardAccrued(P, "R2", A, yuan(13000)))
                .when(new RequestPayout(P, "PAY2", A, yuan(3001), "officer1"))
                .expectException(Refusal.class).expectExceptionMessage("amount 3001.00 exceeds the outstanding balance "
                        + "3000.00");
    }
}
