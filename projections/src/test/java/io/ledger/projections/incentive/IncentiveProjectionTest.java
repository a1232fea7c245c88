package io.ledger.projections.incentive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import io.ledger.api.Money;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AgencyRegistered;
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
import io.ledger.incentive.api.IncentiveViews.BalanceView;
import io.ledger.incentive.api.IncentiveViews.PayoutView;
import io.ledger.incentive.api.IncentiveViews.ProgramView;
import io.ledger.incentive.api.IncentiveViews.ReportView;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;
import io.ledger.projections.support.EventFeeder;
import io.ledger.projections.support.ProjectionProgress;
import io.ledger.testsupport.TestMongo;

/** The incentive read models, fed events directly: totals, balances, reports, payouts, redelivery. */
class IncentiveProjectionTest {

    private static final String P = "HY2025";
    private static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");

    private IncentiveCollections views;
    private IncentiveProjection projection;
    private IncentiveQueries queries;
    private long sequence;
    private EventFeeder feeder;

    @BeforeEach
    void setUp() {
        views = new IncentiveCollections(TestMongo.freshDatabase());
        projection = new IncentiveProjection(views,
                new ProjectionProgress(Mockito.mock(EventProcessingConfiguration.class)));
        queries = new IncentiveQueries(views, Clock.fixed(AT, ZoneOffset.UTC));
        feeder = new EventFeeder(projection, AT);
    }

    private static Money yuan(long yuan) {
        return Money.ofYuan(yuan);
    }

    /** Delivers the next event of the program stream. */
    private void deliver(Object event) {
        feeder.deliver("program:" + P, sequence++, event);
    }

    private void history() {
        deliver(new ProgramOpened(P, "Hengyang 2025", 2025, "CNY", yuan(20_000), yuan(15_000), AwardRules.none(),
                null));
        deliver(new AgencyEnrolled(P, "A001", yuan(15_000)));
        deliver(new AgencyEnrolled(P, "A002", null)); // recorded before enrolments carried the cap: the program's
        deliver(new TouristCountReported(P, "R1", "A001", "G1", "MY", 40, 2, LocalDate.of(2025, 5, 2), "agency-user"));
        deliver(new ReportVerified(P, "R1", "A001", "officer1", yuan(2000), yuan(3000), yuan(12_000), yuan(17_000), true));
        deliver(new AwardAccrued(P, "R1", "A001", yuan(15_000)));
        deliver(new AwardCapped(P, "R1", "A001", yuan(2_000)));
        deliver(new TouristCountReported(P, "R2", "A002", "G2", "SG", 10, 1, LocalDate.of(2025, 5, 3), "agency-user"));
        deliver(new ReportVerified(P, "R2", "A002", "officer1", yuan(500), Money.ZERO, yuan(12_000), yuan(12_500), true));
        deliver(new AwardAccrued(P, "R2", "A002", yuan(5_000)));
        deliver(new AwardUnfunded(P, "R2", "A002", yuan(7_500)));
        deliver(new BudgetIncreased(P, "INC1", yuan(5_000), "top-up", yuan(25_000), "officer2"));
        deliver(new UnfundedAwardFunded(P, "R2", "A002", yuan(5_000)));
        deliver(new PayoutRequested(P, "PAY1", "A001", yuan(10_000), "officer1"));
        deliver(new PayoutApproved(P, "PAY1", "A001", yuan(10_000), "officer2"));
        deliver(new PayoutSettled(P, "PAY1", "A001", yuan(10_000), "BOC-1", LocalDate.of(2025, 6, 3), "officer1"));
        deliver(new PayoutRequested(P, "PAY2", "A001", yuan(5_000), "officer1"));
        deliver(new PayoutFailed(P, "PAY2", "A001", yuan(5_000), "account closed", "officer1"));
        deliver(new TouristCountReported(P, "R3", "A001", "G3", "JP", 5, 1, LocalDate.of(2025, 5, 4), "agency-user"));
        deliver(new ReportRejected(P, "R3", "A001", "no group list", "officer2"));
        deliver(new ReportReversed(P, "R1", "A001", "group never arrived", "officer2", yuan(15_000), Money.ZERO));
        deliver(new ProgramClosed(P));
    }

    @Test
    void balancesTotalsReportsAndPayoutsFollowTheEvents() {
        history();

        BalanceView a1 = queries.balance(P, "A001").orElseThrow();
        assertThat(a1.computed()).isEqualTo(yuan(2_000));
        assertThat(a1.accrued()).isEqualTo(Money.ZERO);
        assertThat(a1.capped()).isEqualTo(yuan(2_000));
        assertThat(a1.paid()).isEqualTo(yuan(10_000));
        assertThat(a1.reserved()).isEqualTo(Money.ZERO);
        assertThat(a1.outstanding()).isEqualTo(yuan(-10_000));
        assertThat(a1.capHeadroom()).isEqualTo(yuan(15_000));
        BalanceView a2 = queries.balance(P, "A002").orElseThrow();
        assertThat(a2.accrued()).isEqualTo(yuan(10_000));
        assertThat(a2.unfunded()).isEqualTo(yuan(2_500));
        assertThat(a2.outstanding()).isEqualTo(yuan(10_000));

        var program = queries.program(P).orElseThrow();
        assertThat(program.status()).isEqualTo("CLOSED");
        assertThat(program.enrolledAgencies()).containsExactly("A001", "A002");
        assertThat(program.totals().budget()).isEqualTo(yuan(25_000));
        assertThat(program.totals().accrued()).isEqualTo(yuan(10_000));
        assertThat(program.totals().remainingBudget()).isEqualTo(yuan(15_000));
        assertThat(program.totals().computed()).isEqualTo(program.totals().accrued().plus(program.totals().capped())
                .plus(program.totals().unfunded()));

        var r1 = queries.report(P, "R1").orElseThrow();
        assertThat(r1.status()).isEqualTo(ReportStatus.REVERSED);
        assertThat(r1.accruedTakenBack()).isEqualTo(yuan(15_000));
        assertThat(r1.award().capped()).isEqualTo(yuan(2_000));
        assertThat(queries.report(P, "R2").orElseThrow().award().accrued()).isEqualTo(yuan(10_000));
        assertThat(queries.report(P, "R3").orElseThrow().status()).isEqualTo(ReportStatus.REJECTED);

        assertThat(queries.payout(P, "PAY1").orElseThrow().status()).isEqualTo(PayoutStatus.SETTLED);
        assertThat(queries.payouts(P, null, null, 0, 1000)).extracting(PayoutView::payoutId)
                .containsExactly("PAY1", "PAY2");
        assertThat(queries.payouts(P, "A001", PayoutStatus.FAILED, 0, 1000)).extracting(PayoutView::payoutId)
                .containsExactly("PAY2");
        assertThat(queries.payouts(P, "A002", null, 0, 1000)).isEmpty();
    }

    @Test
    void reportsAreListedByStatusAgencyAndLeavingOutThoseOneUserSent() {
        deliver(new ProgramOpened(P, "Hengyang 2025", 2025, "CNY", yuan(20_000), yuan(15_000), AwardRules.none(),
                null));
        deliver(new AgencyEnrolled(P, "A001", yuan(15_000)));
        deliver(new AgencyEnrolled(P, "A002", null)); // recorded before enrolments carried the cap: the program's
        feeder.deliver("program:" + P, sequence++, // recorded before events named their submitter
                new TouristCountReported(P, "R1", "A001", "G1", "MY", 40, 2, LocalDate.of(2025, 5, 2), null),
                Map.of("user", "officer1"));
        feeder.deliver("program:" + P, sequence++,
                new TouristCountReported(P, "R2", "A002", "G2", "SG", 10, 1, LocalDate.of(2025, 5, 3), "lotus"),
                Map.of("user", "lotus"));
        deliver(new TouristCountReported(P, "R3", "A001", "G3", "JP", 5, 1, LocalDate.of(2025, 5, 4), "officer2"));
        deliver(new ReportRejected(P, "R3", "A001", "no group list", "officer2"));

        assertThat(queries.reports(P, null, ReportStatus.SUBMITTED, "officer1")).extracting(ReportView::reportId)
                .containsExactly("R2");
        assertThat(queries.reports(P, null, ReportStatus.SUBMITTED, "officer2")).extracting(ReportView::reportId)
                .containsExactly("R1", "R2");
        assertThat(queries.reports(P, "A001", null, null)).extracting(ReportView::reportId)
                .containsExactly("R1", "R3");
        assertThat(queries.programs()).extracting(ProgramView::programId).containsExactly(P);
    }

    @Test
    void anEventDeliveredAgainChangesNothing() {
        history();
        var before = snapshot();
        feeder.redeliverAll();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aResetStartsFromNothing() {
        history();
        projection.reset();
        assertThat(queries.program(P)).isEmpty();
        assertThat(queries.balance(P, "A001")).isEmpty();
        new EventFeeder(projection, AT).deliver("agency:A001", 0, new AgencyRegistered("A001", "Sunrise", "L-1"));
        assertThat(queries.agency("A001")).hasValueSatisfying(a -> assertThat(a.name()).isEqualTo("Sunrise"));
    }

    private List<Object> snapshot() {
        List<Object> all = new ArrayList<>();
        for (var collection : List.of(views.programs(), views.balances(), views.reports(), views.payouts(),
                views.programPayouts())) {
            collection.find().forEach(all::add);
        }
        return all;
    }
}
