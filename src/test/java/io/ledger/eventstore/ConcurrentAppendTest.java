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
import java.util.concurrent.locks.LockSupport;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.testsupport.TestMongo;

/**
 * Eight writers commit while a tracking reader follows them. Writers pause at random between
 * reserving a position and writing it, so later positions are often written before earlier ones:
 * exactly the situation in which a timestamp-based reader skips events.
 */
class ConcurrentAppendTest {

    private static final int WRITERS = 8;
    private static final int COMMITS_PER_WRITER = 300;

    @Test
    void theReaderSeesEveryCommitExactlyOnceInPositionOrder() throws Exception {
        var database = TestMongo.freshDatabase();
        LedgerEventStorageEngine writers = StoreFixtures.engine(database, Duration.ofSeconds(30), System::nanoTime,
                position -> {
                    if (ThreadLocalRandom.current().nextInt(4) == 0) {
                        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_000));
                    }
                });
        LedgerEventStorageEngine reader = StoreFixtures.engine(database);

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        Map<String, Long> committed = new ConcurrentHashMap<>();
        Future<List<TrackedEventMessage<?>>> readerRun = pool.submit(() -> StoreFixtures.followWhile(reader, writing));
        List<Future<?>> writerRuns = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writerRuns.add(pool.submit(() -> {
                // each writer owns a few aggregates and appends one or two events per commit
                long[] next = new long[5];
                for (int i = 0; i < COMMITS_PER_WRITER; i++) {
                    int a = i % next.length;
                    String id = "w" + writer + "-a" + a;
                    List<DomainEventMessage<?>> commit = new ArrayList<>();
                    commit.add(next[a] == 0 ? event(id, 0, new Opened(id, "w" + writer))
                            : event(id, next[a], new Deposited(id, i)));
                    if (i % 3 == 0) {
                        commit.add(event(id, next[a] + 1, new Deposited(id, -i)));
                    }
                    writers.appendEvents(commit);
                    next[a] += commit.size();
                    committed.put(id, next[a]);
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

        long expectedEvents = committed.values().stream().mapToLong(Long::longValue).sum();
        assertThat(seen).hasSize((int) expectedEvents);
        long previous = 0;
        Set<String> ids = new HashSet<>();
        Map<String, Long> nextSequence = new HashMap<>();
        for (TrackedEventMessage<?> message : seen) {
            long position = ((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex();
            assertThat(position).as("strictly increasing positions").isGreaterThan(previous);
            previous = position;
            assertThat(ids.add(message.getIdentifier())).as("delivered once: " + message.getIdentifier()).isTrue();
            DomainEventMessage<?> domain = (DomainEventMessage<?>) message;
            long expected = nextSequence.getOrDefault(domain.getAggregateIdentifier(), 0L);
            assertThat(domain.getSequenceNumber()).as("aggregate order of " + domain.getAggregateIdentifier())
                    .isEqualTo(expected);
            nextSequence.put(domain.getAggregateIdentifier(), expected + 1);
        }
        assertThat(nextSequence).isEqualTo(committed);
        assertThat(reader.sealedPositions()).as("no writer was ever late enough to be sealed").isZero();
        assertThat(database.getCollection("events").countDocuments(com.mongodb.client.model.Filters.eq("void", true)))
                .as("no reservation was given up: writers finishing out of order are not a counter gone back")
                .isZero();
    }
}
