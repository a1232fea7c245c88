package io.ledger.incentive.domain;

import static io.ledger.incentive.domain.ProgramTest.A;
import static io.ledger.incentive.domain.ProgramTest.JUNE_30;
import static io.ledger.incentive.domain.ProgramTest.MAY_2;
import static io.ledger.incentive.domain.ProgramTest.P;
import static io.ledger.incentive.domain.ProgramTest.RULES;
import static io.ledger.incentive.domain.ProgramTest.opened;
import static io.ledger.incentive.domain.ProgramTest.report;
import static io.ledger.incentive.domain.ProgramTest.reported;
import static io.ledger.incentive.domain.ProgramTest.yuan;

import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveCommands.OpenProgram;
import io.ledger.incentive.api.IncentiveCommands.RejectReport;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.VerifyReport;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportRejected;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;

/** Segregation of duties, eligible markets, one group counted once, and history from before these rules. */
class ProgramIntegrityTest {

    private FixtureConfiguration<Program> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Program.class);
        fixture.registerInjectableResource(JUNE_30);
    }

    @Test
    void theUserWhoSubmittedAReportCannotVerifyIt() {
        TouristCountReported byOfficer = new TouristCountReported(P, "R1", A, "G1", "MY", 12, 2, MAY_2, "o1");
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), byOfficer)
                .when(new VerifyReport(P, "R1", "o1"))
                .expectException(Refusal.class).expectExceptionMessage("a report must be verified by another user "
                        + "than the one who submitted it")
                .expectNoEvents();
    }

    @Test
    void theSubmitterMayRejectTheirOwnEntryBecauseRejectingPaysNothing() {
        TouristCountReported byOfficer = new TouristCountReported(P, "R1", A, "G1", "MY", 12, 2, MAY_2, "o1");
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), byOfficer)
                .when(new RejectReport(P, "R1", "typo in the group list", "o1"))
                .expectEvents(new ReportRejected(P, "R1", A, "typo in the group list", "o1"));
    }

    @Test
    void theSubmitterIsRecordedAndASecondSendByAnotherUserChangesNothing() {
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                .when(new ReportTouristCount(P, "R1", A, "G-R1", "MY", 12, 2, MAY_2, "sunrise"))
                .expectEvents(new TouristCountReported(P, "R1", A, "G-R1", "MY", 12, 2, MAY_2, "sunrise"));
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), reported("R1", A, "MY", 12, 2))
                .when(new ReportTouristCount(P, "R1", A, "G-R1", "MY", 12, 2, MAY_2, "officer1"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void reportsFromBeforeSubmittersWereRecordedStillVerify() {
        TouristCountReported old = new TouristCountReported(P, "R1", A, "G1", "MY", 12, 2, MAY_2, null);
        ProgramOpened oldOpening = new ProgramOpened(P, "Hengyang 2025", 2025, "CNY", yuan(1_000_000),
                yuan(3_000_000), new AwardRules(null, null, new AwardRules.Pioneering(yuan(100), 0, 0)), null);
        fixture.given(oldOpening, new AgencyEnrolled(P, A, null), old) // an enrolment from before it carried the cap
                .when(new VerifyReport(P, "R1", "o1"))
                .expectEvents(new ReportVerified(P, "R1", A, "o1", Money.ZERO, Money.ZERO, yuan(100), yuan(100), false),
                        new AwardAccrued(P, "R1", A, yuan(100)));
    }

    @Test
    void mainlandChinaAndUninhabitedTerritoriesAreNeverEligible() {
        for (String market : List.of("CN", "AQ", "BV", "HM")) {
            fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)))
                    .when(report("R1", A, market, 12, 2))
                    .expectException(Refusal.class)
                    .expectExceptionMessage("sourceMarket " + market + " is not an eligible source market of program "
                            + P)
                    .expectNoEvents();
        }
        fixture.givenNoPriorActivity()
                .when(new OpenProgram(P, "x", 2025, "CNY", yuan(1), yuan(1), RULES, List.of("MY", "CN")))
                .expectException(Refusal.class).expectNoEvents();
    }

    @Test
    void aProgramPaysOnlyForTheMarketsItNames() {
        fixture.givenNoPriorActivity()
                .when(new OpenProgram(P, "x", 2025, "CNY", yuan(1), yuan(1), RULES, List.of("SG", "MY", "MY")))
                .expectEvents(new ProgramOpened(P, "x", 2025, "CNY", yuan(1), yuan(1), RULES, List.of("MY", "SG")));
        ProgramOpened named = new ProgramOpened(P, "x", 2025, "CNY", yuan(1), yuan(1), RULES, List.of("MY", "SG"));
        fixture.given(named, new AgencyEnrolled(P, A, yuan(1)))
                .when(report("R1", A, "JP", 12, 2))
                .expectException(Refusal.class).expectNoEvents();
        fixture.given(named, new AgencyEnrolled(P, A, yuan(1)))
                .when(report("R1", A, "SG", 12, 2))
                .expectEvents(reported("R1", A, "SG", 12, 2));
    }

    @Test
    void theSameGroupUnderASecondReportIdIsRefused() {
        TouristCountReported first = new TouristCountReported(P, "R1", A, "KL-0412", "MY", 12, 2, MAY_2, A);
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), first)
                .when(new ReportTouristCount(P, "R2", A, " kl-0412 ", "MY", 13, 3, MAY_2, A))
                .expectException(Refusal.class)
                .expectExceptionMessage("group  kl-0412  arriving 2025-05-02 is already reported as R1")
                .expectNoEvents();
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), first)
                .when(new ReportTouristCount(P, "R2", A, "KL-0412", "MY", 12, 2, MAY_2.plusDays(1), A))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aGroupWhoseReportWasRejectedOrReversedMayBeReportedAgain() {
        TouristCountReported first = new TouristCountReported(P, "R1", A, "G", "MY", 12, 2, MAY_2, A);
        ReportTouristCount again = new ReportTouristCount(P, "R2", A, "G", "MY", 12, 2, MAY_2, A);
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), first,
                        new ReportRejected(P, "R1", A, "no list", "o1"))
                .when(again)
                .expectSuccessfulHandlerExecution();
        fixture.given(opened(1_000_000, 3_000_000), new AgencyEnrolled(P, A, yuan(3_000_000)), first,
                        new ReportVerified(P, "R1", A, "o1", Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, true),
                        new ReportReversed(P, "R1", A, "wrong date", "o1", Money.ZERO, Money.ZERO))
                .when(again)
                .expectSuccessfulHandlerExecution();
    }
}
