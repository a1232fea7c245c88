package io.ledger.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;


import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.ledger.api.Money;
import io.ledger.domain.RefusalCode;
import io.ledger.domain.Refused;
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

/** Given-when-then for every command of a program and every refusal, by its code. */
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

    /** A program with budget and cap in yuan and agency A enrolled. */
    static Object[] enrolledIn(long budgetYuan, long capYuan, Object... more) {
        Object[] given = new Object[2 + more.length];
        given[0] = opened(budgetYuan, capYuan);
        given[1] = new AgencyEnrolled(P, A, yuan(capYuan));
        System.arraycopy(more, 0, given, 2, more.length);
        return given;
    }

    /**
     * A program with agency A enrolled and its report R1 verified: 12 tourists from Malaysia, 2 nights,
     * 10 at 50 + 2 at 80 + the pioneering 10,000 = 10,660, all accrued; then {@code more}.
     */
    static Object[] withR1Verified(Object... more) {
        Object[] r1 = {reported("R1", A, "MY", 12, 2),
                new ReportVerified(P, "R1", A, "o", yuan(660), Money.ZERO, yuan(10000), yuan(10660), true),
                new AwardAccrued(P, "R1", A, yuan(10660))};
        Object[] given = new Object[r1.length + more.length];
        System.arraycopy(r1, 0, given, 0, r1.length);
        System.arraycopy(more, 0, given, r1.length, more.length);
        return enrolledIn(1_000_000, 3_000_000, given);
    }

    static Object[] accruedTenThousandFor(String agency) {
        return new Object[] {opened(1_000_000, 3_000_000), new AgencyEnrolled(P, agency, yuan(3_000_000)),
                reported("R1", agency, "SG", 10, 0),
                new ReportVerified(P, "R1", agency, "o", Money.ZERO, Money.ZERO, yuan(10000), yuan(10000), false),
                new AwardAccrued(P, "R1", agency, yuan(10000))};
    }

    static final PayoutRequested PAY1_REQUESTED = new PayoutRequested(P, "PAY1", A, yuan(8000), "officer1");
    static final PayoutApproved PAY1_APPROVED = new PayoutApproved(P, "PAY1", A, yuan(8000), "officer2");

    @Nested
    class OpenProgramCommand {

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
        void openingAgainAfterABudgetIncreaseIsStillARepeat() {
            // the program is compared as it was opened, not with the budget it has grown to
            fixture.given(opened(1_000_000, 3_000_000),
                            new BudgetIncreased(P, "INC1", yuan(5), "r", yuan(1_000_005), "o2"))
                    .when(new OpenProgram(P, "Hengyang 2025", 2025, "CNY", yuan(1_000_000), yuan(3_000_000), RULES))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }

        @Test
        void theSameProgramIdWithOtherContentIsRefused() {
            fixture.given(opened(1_000_000, 3_000_000))
                    .when(new OpenProgram(P, "Other", 2025, "CNY", yuan(1_000_000), yuan(3_000_000), RULES))
                    .expectException(Refused.with(RefusalCode.DUPLICATE_ID)).expectNoEvents();
        }

        @Test
        void aCurrencyOtherThanYuanIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new OpenProgram(P, "x", 2025, "USD", yuan(1), yuan(1), RULES))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
        }

        @Test
        void rulesWithAGapBeforeTheFirstTierAreRefused() {
            AwardRules gap = new AwardRules(new AwardRules.Headcount(1, List.of(new AwardRules.Tier(2, yuan(50)))),
                    null, null);
            fixture.givenNoPriorActivity()
                    .when(new OpenProgram(P, "x", 2025, "CNY", yuan(1), yuan(1), gap))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
        }

        @Test
        void aBudgetOfZeroIsAllowedButNotANegativeOne() {
            fixture.givenNoPriorActivity()
                    .when(new OpenProgram(P, "x", 2025, "CNY", Money.ZERO, yuan(1), RULES))
                    .expectSuccessfulHandlerExecution();
            fixture.givenNoPriorActivity()
                    .when(new OpenProgram(P, "x", 2025, "CNY", Money.of("-0.01"), yuan(1), RULES))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
        }

        @Test
        void theCapMustBePositive() {
            fixture.givenNoPriorActivity()
                    .when(new OpenProgram(P, "x", 2025, "CNY", yuan(1), Money.ZERO, RULES))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new OpenProgram(P, "x", 2025, "CNY", yuan(1), Money.of("0.01"), RULES))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class CloseProgramCommand {

        @Test
        void closesOnceAndClosingAgainChangesNothing() {
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(new CloseProgram(P))
                    .expectEvents(new ProgramClosed(P));
            fixture.given(opened(1_000_000, 3_000_000), new ProgramClosed(P))
                    .when(new CloseProgram(P))
                    .expectNoEvents();
        }
    }

    @Nested
    class ReportTouristCountCommand {

        @Test
        void anEnrolledAgencyReportsATouristCount() {
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(report("R1", A, "MY", 12, 2))
                    .expectEvents(reported("R1", A, "MY", 12, 2));
        }

        @Test
        void anAgencyNotEnrolledIsRefused() {
            fixture.given(opened(1_000_000, 3_000_000))
                    .when(report("R1", A, "MY", 12, 2))
                    .expectException(Refused.with(RefusalCode.AGENCY_NOT_ENROLLED)).expectNoEvents();
        }

        @Test
        void aClosedProgramTakesNoReports() {
            fixture.given(enrolledIn(1_000_000, 3_000_000, new ProgramClosed(P)))
                    .when(report("R1", A, "MY", 12, 2))
                    .expectException(Refused.with(RefusalCode.PROGRAM_CLOSED)).expectNoEvents();
        }

        @Test
        void anArrivalOutsideTheFiscalYearIsRefused() {
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(new ReportTouristCount(P, "R1", A, "G", "MY", 12, 2, LocalDate.of(2024, 12, 31), A))
                    .expectException(Refused.with(RefusalCode.ARRIVAL_OUTSIDE_FISCAL_YEAR)).expectNoEvents();
        }

        @Test
        void anArrivalAfterTodayIsRefusedButTodayIsNot() {
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(new ReportTouristCount(P, "R1", A, "G", "MY", 12, 2, LocalDate.of(2025, 7, 1), A))
                    .expectException(Refused.with(RefusalCode.ARRIVAL_IN_FUTURE)).expectNoEvents();
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(new ReportTouristCount(P, "R1", A, "G", "MY", 12, 2, LocalDate.of(2025, 6, 30), A))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anUnknownMarketIsRefused() {
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(report("R1", A, "XX", 12, 2))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
        }

        @Test
        void atLeastOneTouristAndNoNegativeNights() {
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(report("R1", A, "MY", 0, 2))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(report("R1", A, "MY", 1, -1))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
            fixture.given(enrolledIn(1_000_000, 3_000_000))
                    .when(report("R1", A, "MY", 1, 0))
                    .expectEvents(reported("R1", A, "MY", 1, 0));
        }

        @Test
        void theSameReportAgainChangesNothingAndOtherContentIsRefused() {
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "MY", 12, 2)))
                    .when(report("R1", A, "MY", 12, 2))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "MY", 12, 2)))
                    .when(report("R1", A, "MY", 13, 2))
                    .expectException(Refused.with(RefusalCode.DUPLICATE_ID)).expectNoEvents();
        }
    }

    @Nested
    class VerifyReportCommand {

        @Test
        void verificationComputesEveryPartAndAccruesIt() {
            // 12 tourists: 10 at 50 + 2 at 80 = 660; no large group; new market: 10000
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "MY", 12, 2)))
                    .when(new VerifyReport(P, "R1", "officer1"))
                    .expectEvents(new ReportVerified(P, "R1", A, "officer1", yuan(660), Money.ZERO, yuan(10000),
                                    yuan(10660), true),
                            new AwardAccrued(P, "R1", A, yuan(10660)))
                    .expectResultMessagePayload(new AwardBreakdown(yuan(660), Money.ZERO, yuan(10000), yuan(10660),
                            yuan(10660), Money.ZERO, Money.ZERO));
        }

        @Test
        void tiersFollowTheAgencysRunningCountAndAKnownMarketEarnsNoPioneeringAward() {
            // 8 tourists counted before; 40 now: tourists 9-10 at 50, 11-48 at 80 = 100 + 3040; large group 3000
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "MY", 8, 1),
                            new ReportVerified(P, "R1", A, "o", yuan(400), Money.ZERO, yuan(10000), yuan(10400), true),
                            new AwardAccrued(P, "R1", A, yuan(10400)), reported("R2", A, "MY", 40, 3)))
                    .when(new VerifyReport(P, "R2", "officer1"))
                    .expectEvents(new ReportVerified(P, "R2", A, "officer1", yuan(3140), yuan(3000), Money.ZERO,
                                    yuan(6140), true),
                            new AwardAccrued(P, "R2", A, yuan(6140)));
        }

        @Test
        void aReversedReportNoLongerCountsTowardsTheTiersNorKeepsItsMarketOpened() {
            // R1's 12 tourists were counted and opened MY; reversed, R2's 12 start again at tier 1, MY is new again
            fixture.given(withR1Verified(
                            new ReportReversed(P, "R1", A, "wrong group", "o", yuan(10660), Money.ZERO),
                            reported("R2", A, "MY", 12, 2)))
                    .when(new VerifyReport(P, "R2", "officer1"))
                    .expectEvents(new ReportVerified(P, "R2", A, "officer1", yuan(660), Money.ZERO, yuan(10000),
                                    yuan(10660), true),
                            new AwardAccrued(P, "R2", A, yuan(10660)));
        }

        @Test
        void touristsOfStaysBelowTheMinimumEarnNoHeadcountAwardAndAreNotCounted() {
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "SG", 30, 0)))
                    .when(new VerifyReport(P, "R1", "officer1"))
                    .expectEvents(new ReportVerified(P, "R1", A, "officer1", Money.ZERO, yuan(3000), yuan(10000),
                                    yuan(13000), false),
                            new AwardAccrued(P, "R1", A, yuan(13000)));
        }

        @Test
        void uncountedTouristsLeaveTheTiersWhereTheyWere() {
            // R1 (no nights) is not counted: R2's 12 tourists still start at tier 1, in a market opened by R1
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "SG", 30, 0),
                            new ReportVerified(P, "R1", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                            new AwardAccrued(P, "R1", A, yuan(13000)), reported("R2", A, "SG", 12, 2)))
                    .when(new VerifyReport(P, "R2", "officer1"))
                    .expectEvents(new ReportVerified(P, "R2", A, "officer1", yuan(660), Money.ZERO, Money.ZERO,
                                    yuan(660), true),
                            new AwardAccrued(P, "R2", A, yuan(660)));
        }

        @Test
        void thePartAboveTheCapIsCappedAndThePartAboveTheBudgetIsUnfunded() {
            // cap 12000, budget 11000: computed 13000 → capped 1000, within cap 12000 → accrued 11000, unfunded 1000
            fixture.given(enrolledIn(11_000, 12_000, reported("R1", A, "SG", 30, 0)))
                    .when(new VerifyReport(P, "R1", "officer1"))
                    .expectEvents(new ReportVerified(P, "R1", A, "officer1", Money.ZERO, yuan(3000), yuan(10000),
                                    yuan(13000), false),
                            new AwardAccrued(P, "R1", A, yuan(11000)),
                            new AwardCapped(P, "R1", A, yuan(1000)),
                            new AwardUnfunded(P, "R1", A, yuan(1000)))
                    .expectResultMessagePayload(new AwardBreakdown(Money.ZERO, yuan(3000), yuan(10000), yuan(13000),
                            yuan(11000), yuan(1000), yuan(1000)));
        }

        @Test
        void claimsWaitingForBudgetCountAgainstTheCap() {
            // cap 15000, no budget: R1's 13000 waits; R2's 13000 has 2000 of cap left: 11000 capped, 2000 waits
            fixture.given(enrolledIn(0, 15_000, reported("R1", A, "SG", 30, 0),
                            new ReportVerified(P, "R1", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                            new AwardUnfunded(P, "R1", A, yuan(13000)), reported("R2", A, "JP", 30, 0)))
                    .when(new VerifyReport(P, "R2", "officer1"))
                    .expectEvents(new ReportVerified(P, "R2", A, "officer1", Money.ZERO, yuan(3000), yuan(10000),
                                    yuan(13000), false),
                            new AwardCapped(P, "R2", A, yuan(11000)),
                            new AwardUnfunded(P, "R2", A, yuan(2000)));
        }

        @Test
        void aVerificationRecordedBeforeItSaidWhetherTheTouristsCountIsReadByTheMinimumNights() {
            // from before 'counted' was recorded, read by the rule: R1 (8 tourists, 1 night) counts, R2 starts at 9
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "MY", 8, 1),
                            new ReportVerified(P, "R1", A, "o", yuan(400), Money.ZERO, yuan(10000), yuan(10400), null),
                            new AwardAccrued(P, "R1", A, yuan(10400)), reported("R2", A, "MY", 40, 3)))
                    .when(new VerifyReport(P, "R2", "officer1"))
                    .expectEvents(new ReportVerified(P, "R2", A, "officer1", yuan(3140), yuan(3000), Money.ZERO,
                                    yuan(6140), true),
                            new AwardAccrued(P, "R2", A, yuan(6140)));
            // R1 (8 tourists, no night) does not count: R2 starts at tourist 1 (10 at 50, 30 at 80)
            fixture.given(enrolledIn(1_000_000, 3_000_000, reported("R1", A, "MY", 8, 0),
                            new ReportVerified(P, "R1", A, "o", Money.ZERO, Money.ZERO, yuan(10000), yuan(10000), null),
                            new AwardAccrued(P, "R1", A, yuan(10000)), reported("R2", A, "MY", 40, 3)))
                    .when(new VerifyReport(P, "R2", "officer1"))
                    .expectEvents(new ReportVerified(P, "R2", A, "officer1", yuan(2900), yuan(3000), Money.ZERO,
                                    yuan(5900), true),
                            new AwardAccrued(P, "R2", A, yuan(5900)));
        }

        @Test
        void thePreviewOfEachWaitingReportIsWhatVerifyingItNextWouldAward() {
            fixture.given(withR1Verified(reported("R2", A, "MY", 10, 1), reported("R3", A, "SG", 30, 0),
                            new ProgramClosed(P)))
                    .when(new CloseProgram(P))
                    .expectNoEvents()
                    .expectState(program -> assertThat(program.awardsIfVerifiedNext()).containsExactly(
                            entry("R2", new AwardBreakdown(yuan(800), Money.ZERO, Money.ZERO, yuan(800), yuan(800),
                                    Money.ZERO, Money.ZERO)),
                            entry("R3", new AwardBreakdown(Money.ZERO, yuan(3000), yuan(10000), yuan(13000),
                                    yuan(13000), Money.ZERO, Money.ZERO))));
        }

        @Test
        void verifyingAgainAnswersAsBeforeAndChangesNothing() {
            fixture.given(withR1Verified())
                    .when(new VerifyReport(P, "R1", "officer1"))
                    .expectNoEvents()
                    .expectResultMessagePayload(new AwardBreakdown(yuan(660), Money.ZERO, yuan(10000), yuan(10660),
                            yuan(10660), Money.ZERO, Money.ZERO));
        }

        @Test
        void aRejectedReportIsNotVerified() {
            fixture.given(enrolledIn(1_000, 3_000, reported("R1", A, "MY", 12, 2),
                            new ReportRejected(P, "R1", A, "x", "o")))
                    .when(new VerifyReport(P, "R1", "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_REPORT_STATE)).expectNoEvents();
        }

        @Test
        void anUnknownReportIsNotFound() {
            fixture.given(opened(1_000, 3_000))
                    .when(new VerifyReport(P, "nope", "officer1"))
                    .expectException(Refused.with(RefusalCode.NOT_FOUND)).expectNoEvents();
        }
    }

    @Nested
    class RejectReportCommand {

        @Test
        void aSubmittedReportIsRejectedOnce() {
            fixture.given(enrolledIn(1_000, 3_000, reported("R1", A, "MY", 12, 2)))
                    .when(new RejectReport(P, "R1", "duplicate group", "officer1"))
                    .expectEvents(new ReportRejected(P, "R1", A, "duplicate group", "officer1"));
            fixture.given(enrolledIn(1_000, 3_000, reported("R1", A, "MY", 12, 2),
                            new ReportRejected(P, "R1", A, "duplicate group", "officer1")))
                    .when(new RejectReport(P, "R1", "duplicate group", "officer1"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }

        @Test
        void aVerifiedReportIsNotRejected() {
            fixture.given(withR1Verified())
                    .when(new RejectReport(P, "R1", "too late", "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_REPORT_STATE)).expectNoEvents();
        }
    }

    @Nested
    class ReverseReportCommand {

        @Test
        void aReversalTakesBackWhatTheReportAccruedAndWasUnfundedAndFundsOthers() {
            fixture.given(opened(11_000, 100_000), new AgencyEnrolled(P, A, yuan(100_000)),
                            new AgencyEnrolled(P, B, yuan(100_000)),
                            reported("R1", A, "SG", 30, 0), reported("R2", B, "JP", 30, 0),
                            new ReportVerified(P, "R1", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                            new AwardAccrued(P, "R1", A, yuan(11000)), new AwardUnfunded(P, "R1", A, yuan(2000)),
                            new ReportVerified(P, "R2", B, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                            new AwardUnfunded(P, "R2", B, yuan(13000)))
                    .when(new ReverseReport(P, "R1", "group never arrived", "officer2"))
                    .expectEvents(new ReportReversed(P, "R1", A, "group never arrived", "officer2", yuan(11000),
                                    yuan(2000)),
                            new UnfundedAwardFunded(P, "R2", B, yuan(11000)));
        }

        @Test
        void onlyAVerifiedReportIsReversed() {
            fixture.given(enrolledIn(1_000, 3_000, reported("R1", A, "MY", 12, 2)))
                    .when(new ReverseReport(P, "R1", "x", "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_REPORT_STATE)).expectNoEvents();
        }

        @Test
        void reversingAgainChangesNothing() {
            fixture.given(accruedTenThousandFor(A)).andGiven(
                            new ReportReversed(P, "R1", A, "fraud", "officer2", yuan(10000), Money.ZERO))
                    .when(new ReverseReport(P, "R1", "fraud", "officer2"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }

        @Test
        void aReversedReportIsNotVerifiedAgain() {
            fixture.given(accruedTenThousandFor(A)).andGiven(
                            new ReportReversed(P, "R1", A, "fraud", "officer2", yuan(10000), Money.ZERO))
                    .when(new VerifyReport(P, "R1", "officer1"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }
    }

    @Nested
    class IncreaseBudgetCommand {

        @Test
        void aBudgetIncreaseFundsWaitingClaimsOldestFirst() {
            fixture.given(opened(0, 100_000), new AgencyEnrolled(P, A, yuan(100_000)),
                            new AgencyEnrolled(P, B, yuan(100_000)),
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
        void aClaimFundedInFullStopsWaitingAndOneFundedInPartWaitsForTheNextIncrease() {
            fixture.given(opened(0, 100_000), new AgencyEnrolled(P, A, yuan(100_000)),
                            new AgencyEnrolled(P, B, yuan(100_000)),
                            reported("R1", A, "SG", 30, 0), reported("R2", B, "JP", 30, 0),
                            new ReportVerified(P, "R1", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                            new AwardUnfunded(P, "R1", A, yuan(13000)),
                            new ReportVerified(P, "R2", B, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                            new AwardUnfunded(P, "R2", B, yuan(13000)),
                            new BudgetIncreased(P, "INC1", yuan(20000), "top-up", yuan(20000), "o2"),
                            new UnfundedAwardFunded(P, "R1", A, yuan(13000)),
                            new UnfundedAwardFunded(P, "R2", B, yuan(7000)))
                    .when(new IncreaseBudget(P, "INC2", yuan(10000), "second top-up", "o2"))
                    .expectEvents(new BudgetIncreased(P, "INC2", yuan(10000), "second top-up", yuan(30000), "o2"),
                            new UnfundedAwardFunded(P, "R2", B, yuan(6000)));
        }

        @Test
        void theSameIncreaseAgainChangesNothingAndOtherContentIsRefused() {
            fixture.given(opened(0, 100_000), new BudgetIncreased(P, "INC1", yuan(5), "r", yuan(5), "o2"))
                    .when(new IncreaseBudget(P, "INC1", yuan(5), "r", "o3"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(opened(0, 100_000), new BudgetIncreased(P, "INC1", yuan(5), "r", yuan(5), "o2"))
                    .when(new IncreaseBudget(P, "INC1", yuan(6), "r", "o2"))
                    .expectException(Refused.with(RefusalCode.DUPLICATE_ID)).expectNoEvents();
            fixture.given(opened(0, 100_000), new BudgetIncreased(P, "INC1", yuan(5), "r", yuan(5), "o2"))
                    .when(new IncreaseBudget(P, "INC1", yuan(5), "other reason", "o2"))
                    .expectException(Refused.with(RefusalCode.DUPLICATE_ID)).expectNoEvents();
        }

        @Test
        void anIncreaseMustBePositive() {
            fixture.given(opened(0, 100_000))
                    .when(new IncreaseBudget(P, "INC2", Money.ZERO, "r", "o2"))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
        }
    }

    @Nested
    class PayoutCommands {

        @Test
        void aPayoutIsRequestedApprovedByAnotherOfficerAndSettled() {
            fixture.given(accruedTenThousandFor(A))
                    .when(new RequestPayout(P, "PAY1", A, yuan(8000), "officer1"))
                    .expectEvents(PAY1_REQUESTED);
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED)
                    .when(new ApprovePayout(P, "PAY1", "officer2"))
                    .expectEvents(PAY1_APPROVED);
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED)
                    .when(new SettlePayout(P, "PAY1", "BOC-2025-0001", LocalDate.of(2025, 6, 3), "officer1"))
                    .expectEvents(new PayoutSettled(P, "PAY1", A, yuan(8000), "BOC-2025-0001",
                            LocalDate.of(2025, 6, 3), "officer1"));
        }

        @Test
        void theWholeOutstandingBalanceMayBeRequestedButNotAFenMore() {
            fixture.given(accruedTenThousandFor(A))
                    .when(new RequestPayout(P, "PAY1", A, yuan(10000), "officer1"))
                    .expectEvents(new PayoutRequested(P, "PAY1", A, yuan(10000), "officer1"));
            fixture.given(accruedTenThousandFor(A))
                    .when(new RequestPayout(P, "PAY1", A, Money.of("10000.01"), "officer1"))
                    .expectException(Refused.with(RefusalCode.PAYOUT_EXCEEDS_BALANCE)).expectNoEvents();
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED)
                    .when(new RequestPayout(P, "PAY2", A, yuan(2001), "officer1"))
                    .expectException(Refused.with(RefusalCode.PAYOUT_EXCEEDS_BALANCE)).expectNoEvents();
        }

        @Test
        void aPayoutMustBePositiveAndForAnEnrolledAgency() {
            fixture.given(accruedTenThousandFor(A))
                    .when(new RequestPayout(P, "PAY1", A, Money.ZERO, "officer1"))
                    .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
            fixture.given(accruedTenThousandFor(A))
                    .when(new RequestPayout(P, "PAY1", B, yuan(1), "officer1"))
                    .expectException(Refused.with(RefusalCode.AGENCY_NOT_ENROLLED)).expectNoEvents();
        }

        @Test
        void aPayoutIdIsNeverUsedForDifferentContent() {
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED)
                    .when(new RequestPayout(P, "PAY1", A, yuan(8000), "officer1"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED)
                    .when(new RequestPayout(P, "PAY1", A, yuan(7000), "officer1"))
                    .expectException(Refused.with(RefusalCode.DUPLICATE_ID)).expectNoEvents();
        }

        @Test
        void theRequesterCannotApprove() {
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED)
                    .when(new ApprovePayout(P, "PAY1", "officer1"))
                    .expectException(Refused.with(RefusalCode.FOUR_EYES_REQUIRED)).expectNoEvents();
        }

        @Test
        void approvingAgainChangesNothingWhateverHappenedSinceButAThirdOfficerIsRefused() {
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED)
                    .when(new ApprovePayout(P, "PAY1", "officer2"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED,
                            new PayoutSettled(P, "PAY1", A, yuan(8000), "B1", LocalDate.of(2025, 6, 1), "officer1"))
                    .when(new ApprovePayout(P, "PAY1", "officer2"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED)
                    .when(new ApprovePayout(P, "PAY1", "officer3"))
                    .expectException(Refused.with(RefusalCode.INVALID_PAYOUT_STATE)).expectNoEvents();
        }

        @Test
        void approvalRechecksTheBalanceAfterAReversal() {
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED,
                            new ReportReversed(P, "R1", A, "fraud", "officer2", yuan(10000), Money.ZERO))
                    .when(new ApprovePayout(P, "PAY1", "officer2"))
                    .expectException(Refused.with(RefusalCode.PAYOUT_EXCEEDS_BALANCE)).expectNoEvents();
        }

        @Test
        void approvalOfAPayoutStillCoveredByTheBalanceSucceeds() {
            // a second report accrued 13000 after a reversal of 10000: 8000 stays covered (3000 left)
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED,
                            new ReportReversed(P, "R1", A, "fraud", "officer2", yuan(10000), Money.ZERO),
                            reported("R2", A, "JP", 30, 0),
                            new ReportVerified(P, "R2", A, "o", Money.ZERO, yuan(3000), yuan(10000), yuan(13000), false),
                            new AwardAccrued(P, "R2", A, yuan(13000)))
                    .when(new ApprovePayout(P, "PAY1", "officer2"))
                    .expectEvents(PAY1_APPROVED);
        }

        @Test
        void onlyAnApprovedPayoutIsSettled() {
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED)
                    .when(new SettlePayout(P, "PAY1", "BOC-1", LocalDate.of(2025, 6, 3), "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_PAYOUT_STATE)).expectNoEvents();
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED,
                            new PayoutFailed(P, "PAY1", A, yuan(8000), "account closed", "officer1"))
                    .when(new SettlePayout(P, "PAY1", "BOC-1", LocalDate.of(2025, 6, 3), "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_PAYOUT_STATE)).expectNoEvents();
        }

        @Test
        void settlingAgainAsBeforeChangesNothingButOtherBankDetailsAreRefused() {
            PayoutSettled settled = new PayoutSettled(P, "PAY1", A, yuan(8000), "B1", LocalDate.of(2025, 6, 1),
                    "officer1");
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED, settled)
                    .when(new SettlePayout(P, "PAY1", "B1", LocalDate.of(2025, 6, 1), "officer1"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED, settled)
                    .when(new SettlePayout(P, "PAY1", "B2", LocalDate.of(2025, 6, 1), "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_PAYOUT_STATE)).expectNoEvents();
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED, settled)
                    .when(new SettlePayout(P, "PAY1", "B1", LocalDate.of(2025, 6, 2), "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_PAYOUT_STATE)).expectNoEvents();
        }

        @Test
        void aFailedPayoutReturnsTheMoneyToTheOutstandingBalance() {
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED)
                    .when(new FailPayout(P, "PAY1", "account closed", "officer1"))
                    .expectEvents(new PayoutFailed(P, "PAY1", A, yuan(8000), "account closed", "officer1"));
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED,
                            new PayoutFailed(P, "PAY1", A, yuan(8000), "x", "officer1"))
                    .when(new RequestPayout(P, "PAY2", A, yuan(10000), "officer1"))
                    .expectEvents(new PayoutRequested(P, "PAY2", A, yuan(10000), "officer1"));
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED,
                            new PayoutFailed(P, "PAY1", A, yuan(8000), "x", "officer1"))
                    .when(new FailPayout(P, "PAY1", "x", "officer1"))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }

        @Test
        void aSettledPayoutCannotFail() {
            fixture.given(accruedTenThousandFor(A)).andGiven(PAY1_REQUESTED, PAY1_APPROVED,
                            new PayoutSettled(P, "PAY1", A, yuan(8000), "BOC-1", LocalDate.of(2025, 6, 3), "officer1"))
                    .when(new FailPayout(P, "PAY1", "bounced", "officer1"))
                    .expectException(Refused.with(RefusalCode.INVALID_PAYOUT_STATE)).expectNoEvents();
        }

        @Test
        void anUnknownPayoutIsNotFound() {
            fixture.given(accruedTenThousandFor(A))
                    .when(new ApprovePayout(P, "nope", "officer2"))
                    .expectException(Refused.with(RefusalCode.NOT_FOUND)).expectNoEvents();
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
                    .when(new RequestPayout(P, "PAY2", A, Money.of("3000.01"), "officer1"))
                    .expectException(Refused.with(RefusalCode.PAYOUT_EXCEEDS_BALANCE)).expectNoEvents();
        }
    }
}
