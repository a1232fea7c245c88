package io.ledger.eventstore;

import static io.ledger.eventstore.StoreFixtures.event;
import static io.ledger.eventstore.StoreFixtures.position;
import static io.ledger.eventstore.StoreFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.testsupport.TestMongo;

class LedgerEventStorageEngineTest {

    private MongoDatabase database;
    private LedgerEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        database = TestMongo.freshDatabase();
        engine = StoreFixtures.engine(database);
    }

    @Test
    void anAggregateReadsBackEveryEventInSequenceWithPayloadAndMetadata() {
        engine.appendEvents(List.of(event("acc-1", 0, new Opened("acc-1", "Sunrise"))));
        engine.appendEvents(List.of(event("acc-1", 1, new Deposited("acc-1", 1250)),
                event("acc-1", 2, new Deposited("acc-1", 99))));

        List<? extends DomainEventMessage<?>> loaded = engine.readEvents("acc-1").asStream().toList();

        assertThat(loaded).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(loaded.stream().map(m -> (Object) m.getPayload()).toList()).containsExactly(
                new Opened("acc-1", "Sunrise"), new Deposited("acc-1", 1250), new Deposited("acc-1", 99));
        assertThat(loaded.get(1).getMetaData()).containsEntry("user", "officer1");
        assertThat(loaded.get(1).getType()).isEqualTo("Account");
    }

    @Test
    void anAppendOrLoadRefusedBeforeItStartsReadsAndStoresNothing() {
        engine.appendEvents(List.of(event("acc-1", 0, new Opened("acc-1", "x"))));
        long reserved = engine.highWaterMark();
        LedgerEventStorageEngine refusing = LedgerEventStorageEngine.builder().database(database)
                .eventSerializer(EventSerialization.serializer()).snapshotSerializer(EventSerialization.serializer())
                .storeCheck(() -> {
                    throw new MongoTimeoutException("No member of the store can be reached");
                }).build();

        assertThatThrownBy(() -> refusing.appendEvents(List.of(event("acc-1", 1, new Deposited("acc-1", 5)))))
                .isInstanceOf(MongoTimeoutException.class);

        assertThat(engine.highWaterMark()).as("no position reserved").isEqualTo(reserved);
        assertThat(engine.readEvents("acc-1").asStream().count()).isEqualTo(1);
        assertThatThrownBy(() -> refusing.readEvents("acc-1").asStream().count()).as("loading the aggregate")
                .isInstanceOf(MongoTimeoutException.class);
    }

    @Test
    void loadingFromASequenceInsideACommitStartsThere() {
        engine.appendEvents(List.of(event("acc-1", 0, new Opened("acc-1", "x")),
                event("acc-1", 1, new Deposited("acc-1", 1)), event("acc-1", 2, new Deposited("acc-1", 2))));
        engine.appendEvents(List.of(event("acc-1", 3, new Deposited("acc-1", 3))));

        DomainEventStream stream = engine.readEvents("acc-1", 2);

        assertThat(stream.asStream().map(DomainEventMessage::getSequenceNumber).toList()).containsExactly(2L, 3L);
    }

    @Test
    void longHistoriesLoadAcrossManyWindows() {
        engine.appendEvents(List.of(event("acc-1", 0, new Opened("acc-1", "x"))));
        for (long s = 1; s <= 40; s++) {
            engine.appendEvents(List.of(event("acc-1", s, new Deposited("acc-1", s))));
        }

        assertThat(engine.readEvents("acc-1").asStream().count()).isEqualTo(41);
        assertThat(engine.lastSequenceNumberFor("acc-1")).contains(40L);
        assertThat(engine.lastSequenceNumberFor("unknown")).isEmpty();
    }

    @Test
    void payloadsAreStoredAsDocumentsAnAuditorCanQuery() {
        engine.appendEvents(List.of(event("acc-1", 0, new Opened("acc-1", "Sunrise"))));

        Document commit = database.getCollection("events").find().first();

        assertThat(commit).isNotNull();
        assertThat(commit.get("_id")).isEqualTo(1L);
        assertThat(commit.getString("aggregateId")).isEqualTo("acc-1");
        Document stored = commit.getList("events", Document.class).get(0);
        assertThat(stored.getString("payloadType")).isEqualTo(Opened.class.getName());
        assertThat(stored.get("payload", Document.class).getString("owner")).isEqualTo("Sunrise");
        assertThat(stored.get("metadata", Document.class).getString("user")).isEqualTo("officer1");
        assertThat(Instant.parse(stored.getString("timestamp"))).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void twoCommitsOnTheSameVersionCannotBothWinAndTheLoserLeavesNoGap() {
        engine.appendEvents(List.of(event("acc-1", 0, new Opened("acc-1", "x"))));
        engine.appendEvents(List.of(event("acc-1", 1, new Deposited("acc-1", 5))));

        assertThatThrownBy(() -> engine.appendEvents(List.of(event("acc-1", 1, new Deposited("acc-1", 7)))))
                .isInstanceOf(ConcurrencyException.class);
        engine.appendEvents(List.of(event("acc-2", 0, new Opened("acc-2", "y"))));

        assertThat(engine.readEvents("acc-1").asStream().map(m -> (Object) m.getPayload()).toList())
                .containsExactly(new Opened("acc-1", "x"), new Deposited("acc-1", 5));
        // the refused commit gave its position back, so a reader goes straight past it
        List<TrackedEventMessage<?>> all = readAll(engine, null);
        assertThat(all).extracting(StoreFixtures::position).containsExactly(1L, 2L, 4L);
        assertThat(engine.pendingGaps()).isZero();
        assertThat(engine.refusedCommits()).isEqualTo(1);
    }

    @Test
    void trackingDeliversEveryEventOnceInPositionOrderAndResumesInsideACommit() {
        engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));
        engine.appendEvents(List.of(event("b", 0, new Opened("b", "x")), event("b", 1, new Deposited("b", 1)),
                event("b", 2, new Deposited("b", 2))));
        engine.appendEvents(List.of(event("a", 1, new Deposited("a", 3))));

        List<TrackedEventMessage<?>> all = readAll(engine, null);
        assertThat(all).extracting(StoreFixtures::position).containsExactly(1L, 2L, 3L, 4L, 5L);

        List<TrackedEventMessage<?>> resumed = readAll(engine, new GlobalSequenceTrackingToken(2));
        assertThat(resumed).extracting(StoreFixtures::position).containsExactly(3L, 4L, 5L);
        assertThat(resumed.get(0).getPayload()).isEqualTo(new Deposited("b", 1));
        assertThat(readAll(engine, new GlobalSequenceTrackingToken(5))).isEmpty();
    }

    @Test
    void manyBatchesAreReadInOnePass() {
        for (int i = 0; i < 180; i++) {
            engine.appendEvents(List.of(event("agg-" + i, 0, new Opened("agg-" + i, "x"))));
        }
        assertThat(readAll(engine, null)).extracting(StoreFixtures::position)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 180).boxed().toList());
    }

    @Test
    void anAbandonedPositionIsWaitedForThenSealedAndItsLateWriterFailsLoudly() {
        AtomicLong clock = new AtomicLong();
        Duration timeout = Duration.ofSeconds(5);
        LedgerEventStorageEngine reader = StoreFixtures.engine(database, timeout, clock::get, p -> { });
        // A writer reserves position 1 and stalls; another commits position 2.
        java.util.concurrent.CompletableFuture<Void> stalled = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch reserved = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        LedgerEventStorageEngine slowWriter = StoreFixtures.engine(database, timeout, clock::get, p -> {
            reserved.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread writer = new Thread(() -> {
            try {
                slowWriter.appendEvents(List.of(event("slow", 0, new Opened("slow", "x"))));
                stalled.complete(null);
            } catch (RuntimeException e) {
                stalled.completeExceptionally(e);
            }
        });
        writer.start();
        awaitQuietly(reserved);
        engine.appendEvents(List.of(event("fast", 0, new Opened("fast", "y"))));

        assertThat(readAll(reader, null)).as("position 1 is reserved: wait, deliver nothing").isEmpty();
        clock.addAndGet(timeout.toNanos() - 1);
        assertThat(readAll(reader, null)).as("not yet overdue").isEmpty();
        clock.addAndGet(1);
        List<TrackedEventMessage<?>> afterSeal = readAll(reader, null);
        assertThat(afterSeal).extracting(StoreFixtures::position).containsExactly(2L);
        assertThat(reader.sealedPositions()).isEqualTo(1);

        release.countDown();
        assertThatThrownBy(stalled::join).hasCauseInstanceOf(PositionSealedException.class);
        assertThat(engine.readEvents("slow").asStream().count()).as("nothing of the late commit stored").isZero();
        assertThat(readAll(reader, null)).extracting(StoreFixtures::position).containsExactly(2L);
    }

    @Test
    void aWriterThatArrivesBeforeTheTimeoutIsDeliveredInItsPlace() {
        AtomicLong clock = new AtomicLong();
        LedgerEventStorageEngine reader = StoreFixtures.engine(database, Duration.ofSeconds(5), clock::get, p -> { });
        database.getCollection("event_counters").insertOne(new Document("_id", "globalPosition").append("last", 1L));
        engine.appendEvents(List.of(event("b", 0, new Opened("b", "y"))));
        assertThat(readAll(reader, null)).isEmpty();

        // the writer of position 1 arrives late but in time
        database.getCollection("events", org.bson.BsonDocument.class).insertOne(LedgerEventStorageEngine.commitDocument(
                List.of(event("a", 0, new Opened("a", "x"))), EventSerialization.serializer(), 1));
        clock.addAndGet(Duration.ofSeconds(60).toNanos());

        assertThat(readAll(reader, null)).extracting(StoreFixtures::position).containsExactly(1L, 2L);
        assertThat(reader.sealedPositions()).isZero();
    }

    @Test
    void snapshotsAreKeptNewestFirst() {
        engine.storeSnapshot(new GenericDomainEventMessage<>("Account", "acc-1", 7, new Deposited("acc-1", 700)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Account", "acc-1", 3, new Deposited("acc-1", 300)));

        assertThat(engine.readSnapshot("acc-1")).hasValueSatisfying(s -> {
            assertThat(s.getSequenceNumber()).isEqualTo(7);
            assertThat(s.getPayload()).isEqualTo(new Deposited("acc-1", 700));
        });
        assertThat(engine.readSnapshot("acc-2")).isEmpty();
    }

    @Test
    void eventsThatBelongToNoAggregateAreStoredAndTracked() {
        engine.appendEvents(List.of(GenericEventMessage.asEventMessage(new Opened("n/a", "system"))));

        assertThat(readAll(engine, null)).singleElement().satisfies(m -> {
            assertThat(m.getPayload()).isEqualTo(new Opened("n/a", "system"));
            assertThat(position(m)).isEqualTo(1);
        });
    }

    @Test
    void tokensAtHeadAndAtAnInstant() {
        engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));
        Instant between = Instant.now();
        awaitClockTick(between);
        engine.appendEvents(List.of(event("b", 0, new Opened("b", "x"))));

        assertThat(engine.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(2));
        assertThat(engine.createTailToken()).isNull();
        assertThat(readAll(engine, engine.createTokenAt(between))).extracting(StoreFixtures::position)
                .containsExactly(2L);
        assertThat(engine.createTokenAt(Instant.EPOCH)).isNull();
    }

    private static void awaitClockTick(Instant instant) {
        while (!Instant.now().isAfter(instant)) {
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
