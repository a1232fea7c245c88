package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.testsupport.TestMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class BackgroundFiguresTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** A clock the test moves by hand. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return SHANGHAI;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Nested
    class TheStore {
        final MovingClock clock = new MovingClock(Instant.parse("2026-11-20T02:00:00Z"));
        final AtomicLong head = new AtomicLong();
        final Map<String, Long> positions = new ConcurrentHashMap<>();
        final AtomicLong nanos = new AtomicLong();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        StoreFigures figures(java.util.function.BooleanSupplier ping) {
            StoreFigures figures = new StoreFigures(
                    () -> ping.getAsBoolean() ? Optional.empty() : Optional.of(StorageProblem.UNREACHABLE), head::get, positions::get, List.of("incentive-ledger"), clock,
                    Duration.ofSeconds(3), nanos::get);
            figures.register(registry);
            return figures;
        }

        double gauge(String name) {
            return registry.get(name).gauge().value();
        }

        double down(StorageProblem reason) {
            return registry.get("ledger.storage.down").tag("reason", reason.label()).gauge().value();
        }

        /** Which reasons the gauges show as 1; every other must show 0. */
        void assertDownFor(StorageProblem... reasons) {
            for (StorageProblem reason : StorageProblem.ALL) {
                assertThat(down(reason)).as(reason.label())
                        .isEqualTo(java.util.Arrays.asList(reasons).contains(reason) ? 1 : 0);
            }
        }

        @Test
        void lagIsCountedInPositionsAndInSecondsSinceTheHeadFirstPassedTheProjection() {
            StoreFigures figures = figures(() -> true);
            head.set(10);
            positions.put("incentive-ledger", 10L);
            figures.refresh();
            assertThat(gauge("ledger.projection.lag.positions")).isZero();
            assertThat(gauge("ledger.projection.lag.seconds")).isZero();

            clock.advance(Duration.ofSeconds(5));
            head.set(15);
            figures.refresh();
            clock.advance(Duration.ofSeconds(20));
            assertThat(gauge("ledger.projection.lag.positions")).isEqualTo(5);
            assertThat(gauge("ledger.projection.lag.seconds")).as("read at scrape time, no new sample")
                    .isEqualTo(20);

            head.set(20);
            positions.put("incentive-ledger", 12L);
            figures.refresh();
            assertThat(gauge("ledger.projection.lag.positions")).isEqualTo(8);
            assertThat(gauge("ledger.projection.lag.seconds")).as("event 13 was stored by the second sample")
                    .isEqualTo(20);
            assertThat(gauge("ledger.event.store.head.position")).isEqualTo(20);
        }

        @Test
        void storageThatDoesNotAnswerIsDownAndTheLastFiguresStay() {
            AtomicLong answers = new AtomicLong(1);
            StoreFigures figures = figures(() -> answers.get() == 1);
            head.set(7);
            positions.put("incentive-ledger", 7L);
            figures.refresh();
            assertThat(gauge("ledger.storage.up")).isEqualTo(1);
            assertDownFor();

            answers.set(0);
            head.set(99);
            figures.refresh();
            assertThat(gauge("ledger.storage.up")).isZero();
            assertDownFor(StorageProblem.UNREACHABLE);
            assertThat(gauge("ledger.event.store.head.position")).isEqualTo(7);

            answers.set(1);
            figures.refresh();
            assertDownFor();
        }

        @Test
        void aPingThatHangsCountsAsDownWhileTheScrapeReadsWithoutWaiting() throws InterruptedException {
            CountDownLatch pinging = new CountDownLatch(1);
            CountDownLatch storageAnswers = new CountDownLatch(1);
            StoreFigures figures = figures(() -> {
                pinging.countDown();
                try {
                    return storageAnswers.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            positions.put("incentive-ledger", 0L);
            Thread sampler = new Thread(figures::refresh);
            sampler.start();
            assertThat(pinging.await(1, TimeUnit.MINUTES)).isTrue();

            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(gauge("ledger.storage.up")).as("not yet past the patience").isNaN();
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(gauge("ledger.storage.up")).isZero();
            assertDownFor(StorageProblem.NOT_ANSWERING);

            storageAnswers.countDown();
            sampler.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(gauge("ledger.storage.up")).isEqualTo(1);
            assertDownFor();
        }
    }

    @Nested
    class ThePrograms {
        /** Monday 23 November 2026, 10:00 in Shanghai. */
        final MovingClock clock = new MovingClock(ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, SHANGHAI).toInstant());
        final IncentiveCollections views = new IncentiveCollections(TestMongo.freshDatabase(), "view_");
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        String daysAgo(double days) {
            return clock.instant().minusSeconds((long) (days * 86_400)).toString();
        }

        double gauge(String name, String... tags) {
            return registry.get(name).tags(tags).gauge().value();
        }

        ProgramFigures figures() {
            views.programs().insertOne(new Document("_id", "P").append("programId", "P").append("budget", 1_000_000_00L)
                    .append("accrued", 950_000_00L).append("unfunded", 12_000_00L).append("reserved", 50_000_00L)
                    .append("paid", 100_000_00L));
            ProgramFigures figures = new ProgramFigures(views, clock);
            figures.register(registry);
            return figures;
        }

        void payout(String id, String agency, String status, String requestedAt, String failedAt) {
            Document payout = new Document("_id", id).append("payoutId", id).append("programId", "P")
                    .append("agencyId", agency).append("amount", 1_000_00L).append("status", status)
                    .append("requestedAt", requestedAt);
            if (failedAt != null) {
                payout.append("failedAt", failedAt);
            }
            views.payouts().insertOne(payout);
        }

        @Test
        void moneyIsPublishedPerProgramInYuan() {
            figures().refresh();
            assertThat(gauge("ledger.program.budget.cny", "program", "P")).isEqualTo(1_000_000);
            assertThat(gauge("ledger.program.remaining.cny", "program", "P")).isEqualTo(50_000);
            assertThat(gauge("ledger.program.unfunded.cny", "program", "P")).isEqualTo(12_000);
        }

        @Test
        void aPayoutRequestedLastWednesdayHasWaitedThreeWorkingDays() {
            ProgramFigures figures = figures();
            // Wednesday 18 November, 16:00 in Shanghai: Thursday, Friday and Monday have passed since
            payout("X1", "A", "REQUESTED", ZonedDateTime.of(2026, 11, 18, 16, 0, 0, 0, SHANGHAI).toInstant().toString(),
                    null);
            figures.refresh();
            assertThat(gauge("ledger.program.payouts.awaiting.approval.workdays", "program", "P")).isEqualTo(3);
            assertThat(gauge("ledger.program.payouts", "program", "P", "status", "REQUESTED")).isEqualTo(1);
            assertThat(gauge("ledger.program.payouts.oldest.age.seconds", "program", "P", "status", "REQUESTED"))
                    .isEqualTo(Duration.ofHours(4 * 24 + 18).toSeconds());
        }

        @Test
        void aFailedPayoutIsHandledOnlyWhenTheAgencyHadAPayoutRequestedAfterIt() {
            ProgramFigures figures = figures();
            payout("X1", "A", "FAILED", daysAgo(5), daysAgo(4));
            payout("X2", "A", "REQUESTED", daysAgo(3), null);
            payout("X3", "B", "FAILED", daysAgo(3), daysAgo(2));
            figures.refresh();
            assertThat(gauge("ledger.program.failed.payouts.unhandled", "program", "P")).isEqualTo(1);
            assertThat(gauge("ledger.program.failed.payouts.unhandled.oldest.age.seconds", "program", "P"))
                    .isEqualTo(2 * 86_400);
        }

        @Test
        void reportsWaitingForVerificationAndUnfundedClaimsAreCountedWithTheirOldestAge() {
            ProgramFigures figures = figures();
            views.reports().insertOne(new Document("_id", "P/R1").append("programId", "P").append("status", "SUBMITTED")
                    .append("submittedAt", daysAgo(6)));
            views.reports().insertOne(new Document("_id", "P/R2").append("programId", "P").append("status", "SUBMITTED")
                    .append("submittedAt", daysAgo(1)));
            views.reports().insertOne(new Document("_id", "P/R3").append("programId", "P").append("status", "VERIFIED")
                    .append("submittedAt", daysAgo(9)).append("verifiedAt", daysAgo(4)).append("unfunded", 500L));
            views.reports().insertOne(new Document("_id", "P/R4").append("programId", "P").append("status", "VERIFIED")
                    .append("submittedAt", daysAgo(9)).append("verifiedAt", daysAgo(8)).append("unfunded", 0L));
            figures.refresh();
            assertThat(gauge("ledger.program.reports.awaiting.verification", "program", "P")).isEqualTo(2);
            assertThat(gauge("ledger.program.reports.awaiting.verification.oldest.age.seconds", "program", "P"))
                    .isEqualTo(6 * 86_400);
            assertThat(gauge("ledger.program.unfunded.claims", "program", "P")).isEqualTo(1);
            assertThat(gauge("ledger.program.unfunded.claims.oldest.age.seconds", "program", "P"))
                    .isEqualTo(4 * 86_400);
        }
    }

    @Nested
    class TheChain {
        final MovingClock clock = new MovingClock(Instant.parse("2026-11-20T02:00:00Z"));
        final com.mongodb.client.MongoCollection<Document> links = TestMongo.freshDatabase().getCollection("event_chain");
        final AtomicLong verifications = new AtomicLong();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final ChainFigures figures = new ChainFigures(links, () -> {
            verifications.incrementAndGet();
            return new io.ledger.eventstore.ChainVerifier.Verification(true, verifications.get(), 0, "", null, null,
                    java.util.List.of(), 0, new io.ledger.eventstore.ChainVerifier.Checkpoints(
                            io.ledger.eventstore.ChainVerifier.CheckpointStatus.NOT_CHECKED, 0, 0, null, "no key"),
                    clock.instant());
        }, Duration.ofHours(1), clock);

        void link(long first, long last, Instant linkedAt) {
            links.insertOne(new Document("_id", first).append("last", last).append("linkedAt", linkedAt.toString()));
        }

        double gauge(String name) {
            return registry.get(name).gauge().value();
        }

        @Test
        void theHeadFollowsTheLinksFromWhereTheLastSampleStopped() {
            figures.register(registry);
            link(1, 3, clock.instant());
            link(4, 4, clock.instant().plusSeconds(10));
            figures.refresh();
            assertThat(gauge("ledger.hash.chain.head.position")).isEqualTo(4);

            clock.advance(Duration.ofSeconds(70));
            assertThat(gauge("ledger.hash.chain.last.link.age.seconds")).isEqualTo(60);
            link(5, 300, clock.instant());
            link(301, 301, clock.instant());
            figures.refresh();
            assertThat(gauge("ledger.hash.chain.head.position")).as("a link past the lookup window").isEqualTo(301);
            assertThat(gauge("ledger.hash.chain.last.link.age.seconds")).isZero();
        }

        @Test
        void theChainIsVerifiedAtTheFirstSampleAndThenOncePerInterval() {
            figures.register(registry);
            assertThat(gauge("ledger.hash.chain.intact")).isNaN();
            figures.refresh();
            assertThat(gauge("ledger.hash.chain.intact")).isEqualTo(1);
            clock.advance(Duration.ofMinutes(59));
            figures.refresh();
            assertThat(verifications.get()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(2));
            figures.refresh();
            assertThat(verifications.get()).isEqualTo(2);
            assertThat(gauge("ledger.hash.chain.verified.commits")).isEqualTo(2);
        }
    }
}
