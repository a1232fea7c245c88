package io.ledger.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;

import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.EventSerialization;

/** Small helpers shared by the event store's tests. */
final class StoreFixtures {

    record Opened(String accountId, String owner) {
    }

    record Deposited(String accountId, long amountFen) {
    }

    private StoreFixtures() {
    }

    static LedgerEventStorageEngine engine(MongoDatabase database) {
        return engine(database, Duration.ofSeconds(10), System::nanoTime, p -> { });
    }

    static LedgerEventStorageEngine engine(MongoDatabase database, Duration sealTimeout, LongSupplier clock,
            LongConsumer afterReservation) {
        return LedgerEventStorageEngine.builder()
                .database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .sealTimeout(sealTimeout)
                .nanoClock(clock)
                .afterReservation(afterReservation)
                .batchSize(50)
                .aggregateWindow(8)
                .build();
    }

    static DomainEventMessage<?> event(String aggregateId, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Account", aggregateId, sequence, payload,
                MetaData.with("user", "officer1"));
    }

    /** An event recorded at {@code at}, for checks that compare when history was written. */
    static DomainEventMessage<?> event(String aggregateId, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>("Account", aggregateId, sequence, payload,
                MetaData.with("user", "officer1"), UUID.randomUUID().toString(), at);
    }

    /** Reads everything after {@code token} the way a tracking processor does, in one pass. */
    static List<TrackedEventMessage<?>> readAll(LedgerEventStorageEngine engine, TrackingToken token) {
        List<TrackedEventMessage<?>> result = new ArrayList<>();
        engine.readEvents(token, false).forEach(result::add);
        return result;
    }

    /**
     * Follows the store the way a tracking processor does until {@code writing} turns false, then makes
     * one more pass, so that everything written before that is seen.
     */
    static List<TrackedEventMessage<?>> followWhile(LedgerEventStorageEngine reader,
            java.util.concurrent.atomic.AtomicBoolean writing) {
        List<TrackedEventMessage<?>> seen = new ArrayList<>();
        TrackingToken token = null;
        boolean lastPass = false;
        while (true) {
            boolean finished = !writing.get();
            for (TrackedEventMessage<?> message : readAll(reader, token)) {
                seen.add(message);
                token = message.trackingToken();
            }
            if (lastPass) {
                return seen;
            }
            lastPass = finished;
            Thread.onSpinWait();
        }
    }

    static long position(TrackedEventMessage<?> message) {
        return ((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex();
    }
}
