package io.ledger.eventstore;

import static io.ledger.eventstore.StoreFixtures.event;
import static io.ledger.eventstore.StoreFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.testsupport.FaultyMongo;
import io.ledger.testsupport.TestMongo;

/**
 * A write the store applied but did not confirm (a replica set's write-concern timeout: the primary
 * has it, a majority may not, a failover may roll it back) is never taken for a confirmed one.
 */
class UnconfirmedWritesTest {

    private MongoDatabase real;
    private MongoDatabase faulty;
    private final AtomicBoolean timeOutNextBulkInsert = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        real = TestMongo.freshDatabase();
        faulty = FaultyMongo.wrap(real, call -> {
            if (call.is(CommitStore.EVENTS_COLLECTION, "insertMany") && timeOutNextBulkInsert.getAndSet(false)) {
                call.proceed(); // the primary applied it
                throw FaultyMongo.writeConcernTimeout(((List<?>) call.args()[0]).size());
            }
            return call.proceed();
        });
    }

    @Test
    void aSealTheStoreDidNotConfirmIsAStoreFailureAndSealsNothing() {
        AtomicLong clock = new AtomicLong();
        Duration timeout = Duration.ofSeconds(5);
        CountDownLatch reserved = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LedgerEventStorageEngine slow = StoreFixtures.engine(real, timeout, clock::get, p -> {
            reserved.countDown();
            await(release);
        });
        CompletableFuture<Void> stalled = CompletableFuture.runAsync(() -> slow.appendEvents(List.of(
                event("slow", 0, new Opened("slow", "x")), event("slow", 1, new Deposited("slow", 1)))));
        await(reserved);
        LedgerEventStorageEngine reader = StoreFixtures.engine(faulty, timeout, clock::get, p -> { });
        reader.appendEvents(List.of(event("fast", 0, new Opened("fast", "y"))));
        assertThat(readAll(reader, null)).isEmpty();
        clock.addAndGet(timeout.toNanos());
        timeOutNextBulkInsert.set(true);

        assertThatThrownBy(() -> readAll(reader, null)).isInstanceOf(EventStoreFailure.class)
                .hasMessageContaining("did not confirm the seal of global positions 1..2");
        assertThat(reader.sealedPositions()).isZero();
        assertThat(reader.voidsWritten()).isZero();

        // once the store answers again, what it holds decides: here the voids did land
        assertThat(readAll(reader, null)).extracting(StoreFixtures::position).containsExactly(3L);
        release.countDown();
        assertThatThrownBy(stalled::join).hasCauseInstanceOf(PositionSealedException.class);
        assertThat(reader.checkPositions().holds()).isTrue();
    }

    @Test
    void aGiveBackTheStoreDidNotConfirmIsCountedAsFailed() {
        LedgerEventStorageEngine engine = StoreFixtures.engine(faulty);
        engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));
        timeOutNextBulkInsert.set(true);

        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a", 0, new Opened("a", "again")),
                event("a", 1, new Deposited("a", 1))))).isInstanceOf(AggregateStreamCreationException.class);

        assertThat(engine.failedGiveBacks()).isEqualTo(1);
        assertThat(engine.voidsWritten()).as("unconfirmed voids are not counted as written").isZero();
    }

    @Test
    void aConfirmedGiveBackIsCountedAsVoidsWritten() {
        LedgerEventStorageEngine engine = StoreFixtures.engine(faulty);
        engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));

        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a", 0, new Opened("a", "again")),
                event("a", 1, new Deposited("a", 1))))).isInstanceOf(AggregateStreamCreationException.class);

        assertThat(engine.failedGiveBacks()).isZero();
        assertThat(engine.voidsWritten()).isEqualTo(2);
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
