package io.ledger.eventstore;

import static io.ledger.eventstore.StoreFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.testsupport.TestMongo;

/**
 * Writers that stall between reserving and writing, against a reader that seals after 2 ms: seals
 * race multi-event inserts all the time. Whatever wins, an acknowledged commit is delivered exactly
 * once and whole, a sealed-out commit not at all, and every position is held exactly once.
 */
class SealRaceTest {

    private static final int WRITERS = 6;
    private static final int COMMITS_PER_WRITER = 150;

    @Test
    void sealsRacingMultiEventInsertsNeverLoseSplitOrDoubleACommit() throws Exception {
        var database = TestMongo.freshDatabase();
        LedgerEventStorageEngine writers = StoreFixtures.engine(database, Duration.ofMillis(2), System::nanoTime,
                position -> {
                    if (ThreadLocalRandom.current().nextInt(3) == 0) {
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(6_000_000));
                    }
                });
        LedgerEventStorageEngine reader = StoreFixtures.engine(database, Duration.ofMillis(2), System::nanoTime,
                p -> { });
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger sealedOut = new AtomicInteger();
        Map<String, Long> committed = new ConcurrentHashMap<>();
        Future<List<TrackedEventMessage<?>>> readerRun = pool.submit(() -> StoreFixtures.followWhile(reader, writing));
        List<Future<?>> writerRuns = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writerRuns.add(pool.submit(() -> {
                long next = 0;
                String id = "w" + writer;
                for (int i = 0; i < COMMITS_PER_WRITER; i++) {
                    List<DomainEventMessage<?>> commit = new ArrayList<>();
                    int size = 1 + i % 3;
                    for (int e = 0; e < size; e++) {
                        commit.add(next + e == 0 ? event(id, 0, new Opened(id, "w")) : event(id, next + e,
                                new Deposited(id, i)));
                    }
                    try {
                        writers.appendEvents(commit);
                        next += size;
                        committed.put(id, next);
                    } catch (PositionSealedException sealed) {
                        sealedOut.incrementAndGet(); // nothing stored: the same versions are tried next time
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : writerRuns) {
            run.get();
        }
        writing.set(false);
        List<TrackedEventMessage<?>> seen = readerRun.get();
        pool.shutdown();

        assertThat(sealedOut.get()).as("the race between seals and inserts actually ran").isPositive();
        assertThat(seen).hasSize((int) committed.values().stream().mapToLong(Long::longValue).sum());
        long previous = 0;
        Set<String> ids = new HashSet<>();
        Map<String, Long> nextSequence = new HashMap<>();
        for (TrackedEventMessage<?> message : seen) {
            long position = ((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex();
            assertThat(position).isGreaterThan(previous);
            previous = position;
            assertThat(ids.add(message.getIdentifier())).isTrue();
            DomainEventMessage<?> domain = (DomainEventMessage<?>) message;
            long expected = nextSequence.getOrDefault(domain.getAggregateIdentifier(), 0L);
            assertThat(domain.getSequenceNumber()).isEqualTo(expected);
            nextSequence.put(domain.getAggregateIdentifier(), expected + 1);
        }
        assertThat(nextSequence).isEqualTo(committed);
        for (String id : committed.keySet()) {
            assertThat(writers.readEvents(id).asStream().count()).isEqualTo(committed.get(id));
        }
        assertThat(reader.checkPositions().holds()).as(reader.checkPositions().toString()).isTrue();
    }
}
