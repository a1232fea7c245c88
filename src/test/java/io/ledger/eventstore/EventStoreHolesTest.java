package io.ledger.eventstore;

import static io.ledger.eventstore.StoreFixtures.event;
import static io.ledger.eventstore.StoreFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;


import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.testsupport.FaultyMongo;
import io.ledger.testsupport.TestMongo;

/** The holes of issue 9, each pinned down by a test that failed before its fix. */
class EventStoreHolesTest {

    private MongoDatabase database;
    private LedgerEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        database = TestMongo.freshDatabase();
        engine = StoreFixtures.engine(database);
    }

    /** Appends {@code size} events to {@code id} from {@code sequence}; refused if that version exists. */
    private void refusedCommit(String id, int size) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int s = 0; s < size; s++) {
            events.add(event(id, s, new Deposited(id, s)));
        }
        assertThatThrownBy(() -> engine.appendEvents(events)).isInstanceOf(AggregateStreamCreationException.class);
    }

    @Nested
    class Voids {

        @Test
        void aRunOfVoidsLongerThanTwoBatchesDoesNotStopReaders() {
            engine.appendEvents(List.of(event("x", 0, new Opened("x", "first"))));
            for (int i = 0; i < 3; i++) {
                refusedCommit("x", 60); // 180 void positions, batches of 50
            }
            engine.appendEvents(List.of(event("y", 0, new Opened("y", "after the voids"))));

            List<TrackedEventMessage<?>> all = readAll(engine, null);

            assertThat(all).extracting(StoreFixtures::position).containsExactly(1L, 182L);
            assertThat(readAll(engine, new GlobalSequenceTrackingToken(1))).extracting(StoreFixtures::position)
                    .containsExactly(182L);
            assertThat(engine.voidsWritten()).as("every given-back position").isEqualTo(180);
            assertThat(engine.failedGiveBacks()).isZero();
        }

        @Test
        void voidsAtTheHeadFollowedByNoWriteLeaveNothingToWaitFor() {
            engine.appendEvents(List.of(event("x", 0, new Opened("x", "first"))));
            refusedCommit("x", 100);
            refusedCommit("x", 100);

            assertThat(engine.highWaterMark()).isEqualTo(201);
            assertThat(engine.positionToAwait(null)).as("read-your-writes waits for the last event, not the voids")
                    .isEqualTo(1);
            assertThat(engine.readableHead()).isEqualTo(201);
            assertThat(readAll(engine, new GlobalSequenceTrackingToken(1))).isEmpty();
        }

        @Test
        void aCommandWaitsForItsOwnPositionEvenBehindAnotherWritersGap() {
            Stalled other = stalledWriter(Duration.ofSeconds(5), new AtomicLong(), 1); // position 1, not written
            engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))
                    .andMetaData(Map.of("correlationId", "command-2"))));

            assertThat(engine.readableHead()).as("readers cannot pass the other writer's gap").isZero();
            assertThat(engine.positionToAwait("command-2"))
                    .as("its own position, behind the gap: not the readable head, which it is not in yet").isEqualTo(2);
            assertThat(readAll(engine, null)).as("nothing is readable before the gap is resolved").isEmpty();

            other.release.countDown();
            other.result.join();
            assertThat(readAll(engine, null)).extracting(StoreFixtures::position).containsExactly(1L, 2L);
        }

        @Test
        void aCommandIsRememberedOnceAndOneThatWroteNothingWaitsForTheLastEvent() {
            engine.appendEvents(List.of(GenericEventMessage.asEventMessage("plain")
                    .andMetaData(Map.of("correlationId", "command-1"))));
            engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))
                    .andMetaData(Map.of("correlationId", "command-2"))));

            assertThat(engine.positionToAwait("command-1")).isEqualTo(1);
            assertThat(engine.positionToAwait("command-1")).as("forgotten once asked: the last event").isEqualTo(2);
        }

        @Test
        void rangeVoidsOfTheFirstLayoutAreReadCheckedAndChainedAsBefore() {
            engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));
            // what a store written before voids became one per position holds: one void over a whole
            // given-back reservation (2..4), and a seal of one position (5)
            var events = database.getCollection("events");
            events.insertOne(new Document("_id", 2L).append("last", 4L).append("aggregateKey", "#void@2")
                    .append("void", true).append("reason", "concurrent modification of b")
                    .append("recordedAt", "2025-01-01T00:00:00Z"));
            events.insertOne(new Document("_id", 5L).append("last", 5L).append("aggregateKey", "#void@5")
                    .append("void", true).append("reason", "sealed by a reader")
                    .append("recordedAt", "2025-01-01T00:00:00Z"));
            setCounter(5);
            LedgerEventStorageEngine reopened = StoreFixtures.engine(database);
            reopened.appendEvents(List.of(event("c", 0, new Opened("c", "y"))));

            assertThat(readAll(reopened, null)).extracting(StoreFixtures::position).containsExactly(1L, 6L);
            assertThat(readAll(reopened, new GlobalSequenceTrackingToken(3))).as("resuming inside a range void")
                    .extracting(StoreFixtures::position).containsExactly(6L);
            assertThat(reopened.readableHead()).isEqualTo(6);
            assertThat(reopened.checkPositions().holds()).isTrue();
            HashChain chain = new HashChain(database, reopened);
            assertThat(chain.catchUp()).as("one link per document, the range void included").isEqualTo(4);
            assertThat(chain.head()).hasValueSatisfying(h -> assertThat(h.position()).isEqualTo(6));

            setCounter(3); // a counter behind the history: the reservation must not land inside the range void
            reopened.appendEvents(List.of(event("d", 0, new Opened("d", "z"))));
            assertThat(reopened.checkPositions().holds()).isTrue();
            assertThat(readAll(reopened, new GlobalSequenceTrackingToken(6))).extracting(StoreFixtures::position)
                    .containsExactly(7L);
        }
    }

    @Nested
    class Overlaps {

        @Test
        void aCounterLoweredUnderARunningStoreIsRepairedBeforeAnyCommitLandsInsideAnother() {
            engine.appendEvents(List.of(event("a", 0, new Opened("a", "x")), event("a", 1, new Deposited("a", 1)),
                    event("a", 2, new Deposited("a", 2))));
            for (int i = 0; i < 5; i++) {
                engine.appendEvents(List.of(event("b" + i, 0, new Opened("b" + i, "x"))));
            }
            setCounter(2); // inside the first commit, 6 below the head (as after restoring an old dump)

            engine.appendEvents(List.of(event("late", 0, new Opened("late", "x"))));

            assertThat(readAll(engine, null)).extracting(StoreFixtures::position)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 9).boxed().toList());
            assertThat(engine.checkPositions().holds()).isTrue();
            assertThat(engine.counterRepairs()).isEqualTo(1);
        }

        @Test
        void aNodeThatNeverSawTheHistoryStillFindsItsReservationTaken() {
            engine.appendEvents(List.of(event("a", 0, new Opened("a", "x")), event("a", 1, new Deposited("a", 1)),
                    event("a", 2, new Deposited("a", 2))));
            LedgerEventStorageEngine otherNode = StoreFixtures.engine(database);
            for (int i = 0; i < 5; i++) {
                engine.appendEvents(List.of(event("b" + i, 0, new Opened("b" + i, "x"))));
            }
            setCounter(3); // the other node has seen none of positions 4..8

            otherNode.appendEvents(List.of(event("late", 0, new Opened("late", "x"))));

            assertThat(readAll(otherNode, null)).extracting(StoreFixtures::position)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 9).boxed().toList());
            assertThat(otherNode.checkPositions().holds()).isTrue();
        }

        @Test
        void aReservationAboveEverythingThisNodeSawDoesNotLandInsideAnotherNodesCommit() {
            LedgerEventStorageEngine otherNode = StoreFixtures.engine(database);
            otherNode.appendEvents(List.of(event("a", 0, new Opened("a", "x")))); // it has seen position 1
            engine.appendEvents(List.of(event("c", 0, new Opened("c", "x")), event("c", 1, new Deposited("c", 1)),
                    event("c", 2, new Deposited("c", 2)), event("c", 3, new Deposited("c", 3)),
                    event("c", 4, new Deposited("c", 4)))); // positions 2..6, unseen by the other node
            setCounter(3);

            otherNode.appendEvents(List.of(event("late", 0, new Opened("late", "x"))));

            assertThat(readAll(otherNode, null)).extracting(StoreFixtures::position)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 7).boxed().toList());
            assertThat(otherNode.checkPositions().holds()).isTrue();
        }

        @Test
        void aStoreOpenedOnAHistoryBeyondItsCounterMovesTheCounterFirst() {
            engine.appendEvents(List.of(event("a", 0, new Opened("a", "x")), event("a", 1, new Deposited("a", 1))));
            setCounter(0);

            LedgerEventStorageEngine reopened = StoreFixtures.engine(database);

            assertThat(reopened.highWaterMark()).isEqualTo(2);
            reopened.appendEvents(List.of(event("b", 0, new Opened("b", "x"))));
            assertThat(readAll(reopened, null)).extracting(StoreFixtures::position).containsExactly(1L, 2L, 3L);
        }
    }

    @Nested
    class Sealing {

        @Test
        void anAbandonedMultiPositionReservationIsSealedInOneTimeout() throws Exception {
            AtomicLong clock = new AtomicLong();
            Duration timeout = Duration.ofSeconds(5);
            LedgerEventStorageEngine reader = StoreFixtures.engine(database, timeout, clock::get, p -> { });
            Stalled stalled = stalledWriter(timeout, clock, 5);
            engine.appendEvents(List.of(event("fast", 0, new Opened("fast", "y"))));

            assertThat(readAll(reader, null)).isEmpty();
            clock.addAndGet(timeout.toNanos());

            assertThat(readAll(reader, null)).extracting(StoreFixtures::position).containsExactly(6L);
            assertThat(reader.sealedPositions()).isEqualTo(5);
            assertThat(reader.voidsWritten()).as("seals are voids too").isEqualTo(5);
            stalled.release.countDown();
            assertThatThrownBy(stalled.result::join).hasCauseInstanceOf(PositionSealedException.class);
            assertThat(engine.checkPositions().holds()).isTrue();
        }

        @Test
        void aSealedOutWriterGivesBackTheRestOfItsReservation() {
            AtomicLong clock = new AtomicLong();
            Duration timeout = Duration.ofSeconds(5);
            LedgerEventStorageEngine reader = StoreFixtures.engine(database, timeout, clock::get, p -> { });
            Stalled stalled = stalledWriter(timeout, clock, 60); // longer than the reader's batch of 50
            assertThat(readAll(reader, null)).isEmpty();
            clock.addAndGet(timeout.toNanos());
            assertThat(readAll(reader, null)).isEmpty();
            assertThat(reader.sealedPositions()).isEqualTo(50);

            stalled.release.countDown();
            assertThatThrownBy(stalled.result::join).hasCauseInstanceOf(PositionSealedException.class);
            engine.appendEvents(List.of(event("next", 0, new Opened("next", "y"))));

            assertThat(readAll(reader, null)).as("delivered without waiting for another timeout")
                    .extracting(StoreFixtures::position).containsExactly(61L);
            assertThat(engine.checkPositions().holds()).isTrue();
        }

        @Test
        void aWriterLandingWhileTheReaderIsAboutToSealIsDeliveredWhole() {
            Duration timeout = Duration.ofSeconds(5);
            AtomicLong clock = new AtomicLong();
            CountDownLatch reserved = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            LedgerEventStorageEngine writer = StoreFixtures.engine(database, timeout, clock::get, p -> {
                reserved.countDown();
                await(release);
            });
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> writer.appendEvents(List.of(
                    event("m", 0, new Opened("m", "x")), event("m", 1, new Deposited("m", 1)),
                    event("m", 2, new Deposited("m", 2)))));
            await(reserved);
            LedgerEventStorageEngine reader = StoreFixtures.engine(database, timeout, () -> {
                // the reader has seen the positions empty; the writer lands before it seals
                if (clock.get() > 0 && release.getCount() > 0) {
                    release.countDown();
                    written.join();
                }
                return clock.get();
            }, p -> { });
            assertThat(readAll(reader, null)).isEmpty();
            clock.addAndGet(timeout.toNanos());

            List<TrackedEventMessage<?>> afterRace = readAll(reader, null);
            afterRace.addAll(readAll(reader, null));

            assertThat(written).isCompleted();
            assertThat(reader.sealedPositions()).isZero();
            assertThat(readAll(reader, null)).extracting(StoreFixtures::position).containsExactly(1L, 2L, 3L);
            assertThat(engine.checkPositions().holds()).isTrue();
        }

        @Test
        void anOversizedCommitIsRefusedBeforeAnythingIsReserved() {
            String huge = "x".repeat(17 * 1024 * 1024);

            assertThatThrownBy(() -> engine.appendEvents(List.of(event("big", 0, new Opened("big", huge)))))
                    .isInstanceOf(EventStoreFailure.class).hasMessageContaining("limit");
            assertThat(engine.highWaterMark()).isZero();
        }
    }

    @Test
    void theHeadTokenStopsBeforeACommitStillInFlight() {
        Duration timeout = Duration.ofSeconds(5);
        Stalled stalled = stalledWriter(timeout, new AtomicLong(), 1);
        engine.appendEvents(List.of(event("fast", 0, new Opened("fast", "y"))));

        assertThat(engine.highWaterMark()).isEqualTo(2);
        assertThat(engine.createHeadToken()).as("position 1 is still in flight").isNull();
        stalled.release.countDown();
        stalled.result.join();
        assertThat(engine.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(2));
    }

    @Test
    void theFirstReadableHeadOfAProcessStartsFromTheHashChainsHeadNotFromPositionOne() {
        List<BsonDocument> history = new ArrayList<>();
        for (long p = 1; p <= 1000; p++) {
            history.add(LedgerEventStorageEngine.commitDocument(List.of(event("h" + p, 0, new Opened("h" + p, "x"))),
                    EventSerialization.serializer(), p));
        }
        database.getCollection("events", BsonDocument.class).insertMany(history);
        setCounter(1000);
        new HashChain(database, engine).catchUp();
        Stalled inFlight = stalledWriter(Duration.ofSeconds(5), new AtomicLong(), 1); // 1001, not written yet
        engine.appendEvents(List.of(event("after", 0, new Opened("after", "y")))); // 1002
        AtomicInteger lookUps = new AtomicInteger();
        LedgerEventStorageEngine nextProcess = StoreFixtures.engine(FaultyMongo.wrap(database, call -> {
            if (call.is("events", "find")) {
                lookUps.incrementAndGet();
            }
            return call.proceed();
        }));
        lookUps.set(0);

        assertThat(nextProcess.readableHead()).as("not past the commit in flight").isEqualTo(1000);
        assertThat(lookUps.get()).as("a few look-ups of events, not a walk of the history in windows of 256")
                .isLessThanOrEqualTo(3);

        database.getCollection("event_chain_head").updateOne(Filters.eq("_id", "head"),
                Updates.combine(Updates.set("position", 5000L), Updates.set("last", 5000L)));
        assertThat(StoreFixtures.engine(database).readableHead())
                .as("a chain head that names no stored document is not trusted").isEqualTo(1000);
        inFlight.release.countDown();
        inFlight.result.join();
        assertThat(StoreFixtures.engine(database).readableHead()).isEqualTo(1002);
    }

    @Test
    void aSlowSnapshotterNeverReplacesANewerSnapshot() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            runs.add(pool.submit(() -> {
                for (long s = thread; s < 400; s += 8) {
                    long sequence = 399 - s; // newest first: every later store is older
                    engine.storeSnapshot(new GenericDomainEventMessage<>("Account",
                            "acc", sequence, new Deposited("acc", sequence)));
                }
            }));
        }
        for (var run : runs) {
            run.get();
        }
        pool.shutdown();

        assertThat(engine.readSnapshot("acc")).hasValueSatisfying(s -> assertThat(s.getSequenceNumber()).isEqualTo(399));
    }

    @Test
    void theUnitOfWorkOfSeveralAggregatesIsStoredWholeOrNotAtAll() {
        engine.appendEvents(List.of(event("a", 0, new Opened("a", "x")), event("a", 1, new Deposited("a", 1))));

        engine.appendEvents(List.of(event("a", 2, new Deposited("a", 2)), event("b", 0, new Opened("b", "y")),
                GenericEventMessage.asEventMessage("published beside them"), event("a", 3, new Deposited("a", 3))));
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("c", 0, new Opened("c", "z")),
                event("b", 0, new Opened("b", "again"))))).isInstanceOf(AggregateStreamCreationException.class);

        assertThat(engine.readEvents("a").asStream().map(DomainEventMessage::getSequenceNumber).toList())
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(engine.readEvents("b").asStream().map(m -> (Object) m.getPayload()).toList())
                .containsExactly(new Opened("b", "y"));
        assertThat(engine.readEvents("c").asStream().count()).as("nothing of the refused unit of work").isZero();
        assertThat(engine.lastSequenceNumberFor("a")).contains(3L);
        List<TrackedEventMessage<?>> all = readAll(engine, null);
        assertThat(all).extracting(StoreFixtures::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(all.get(4)).isNotInstanceOf(DomainEventMessage.class);
        assertThat(all.get(4).getPayload()).isEqualTo("published beside them");
        assertThat(database.getCollection("events").countDocuments(new Document("void", new Document("$ne", true))))
                .as("one document for the whole unit of work").isEqualTo(2);
    }

    @Test
    void thePositionCheckNamesTheFirstPositionHeldTwiceOrNotAtAll() {
        for (int i = 0; i < 4; i++) {
            engine.appendEvents(List.of(event("a" + i, 0, new Opened("a" + i, "x")), event("a" + i, 1,
                    new Deposited("a" + i, 1))));
        }
        assertThat(engine.checkPositions()).satisfies(c -> {
            assertThat(c.holds()).isTrue();
            assertThat(c.documents()).isEqualTo(4);
        });
        var events = database.getCollection("events", BsonDocument.class);
        events.insertOne(CommitFormat.voidDocument(4, "planted inside the commit at 3"));
        assertThat(engine.checkPositions().firstBadPosition()).isEqualTo(4L);
        events.deleteOne(Filters.eq("_id", 4L));
        events.deleteOne(Filters.eq("_id", 5L));
        assertThat(engine.checkPositions()).satisfies(c -> {
            assertThat(c.holds()).isFalse();
            assertThat(c.firstBadPosition()).isEqualTo(5L);
            assertThat(c.problem()).contains("no document");
        });
    }

    @Test
    void thePositionCheckFindsADocumentWrittenFarBeyondTheCounter() {
        engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));
        var events = database.getCollection("events", BsonDocument.class);
        events.insertOne(CommitFormat.voidDocument(7000, "planted far beyond the counter"));
        events.insertOne(CommitFormat.voidDocument(5000, "planted far beyond the counter, lower"));
        events.insertOne(CommitFormat.voidDocument(9000, "planted far beyond the counter, higher"));

        assertThat(engine.checkPositions()).satisfies(c -> {
            assertThat(c.holds()).isFalse();
            assertThat(c.firstHeldTwice()).isEqualTo(5000L);
            assertThat(c.heldTwice()).contains("beyond the position counter");
        });
    }

    private void setCounter(long value) {
        database.getCollection("event_counters").updateOne(Filters.eq("_id", "globalPosition"),
                Updates.set("last", value), new UpdateOptions().upsert(true));
    }

    private record Stalled(CountDownLatch release, CompletableFuture<Void> result) {
    }

    private Stalled stalledWriter(Duration timeout, AtomicLong clock, int events) {
        CountDownLatch reserved = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LedgerEventStorageEngine slow = StoreFixtures.engine(database, timeout, clock::get, p -> {
            reserved.countDown();
            await(release);
        });
        List<DomainEventMessage<?>> commit = new ArrayList<>();
        for (int s = 0; s < events; s++) {
            commit.add(event("slow", s, new Deposited("slow", s)));
        }
        CompletableFuture<Void> result = CompletableFuture.runAsync(() -> slow.appendEvents(commit));
        await(reserved);
        return new Stalled(release, result);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
