package io.ledger.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.BsonDocument;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.ledger.api.EventMetadata;

/**
 * Axon event storage on MongoDB that never skips, loses or half-shows an event: the Axon SPI over
 * {@link CommitWriter} (appending), {@link GlobalOrder} (tracking), {@link AggregateStreams}
 * (loading), {@link Snapshots} and {@link TokenAtTime}. See {@code EVENT-STORE.md} beside this class
 * for the protocol and why it is safe.
 */
public class LedgerEventStorageEngine extends AbstractEventStorageEngine implements CommitLog {

    /** A unit of work may not apply more events than this (readers look back this far). */
    public static final int MAX_EVENTS_PER_COMMIT = NewCommit.MAX_EVENTS;
    public static final String EVENTS_COLLECTION = CommitStore.EVENTS_COLLECTION;
    public static final String COUNTERS_COLLECTION = CommitStore.COUNTERS_COLLECTION;
    public static final String SNAPSHOTS_COLLECTION = Snapshots.COLLECTION;

    private final CommitStore store;
    private final CommitWriter writer;
    private final GlobalOrder globalOrder;
    private final AggregateStreams aggregates;
    private final Snapshots snapshots;
    private final int batchSize;
    private final boolean readOnly;
    private final Runnable storeCheck;

    protected LedgerEventStorageEngine(Builder builder) {
        super(builder);
        if (!getEventSerializer().canSerializeTo(JsonNode.class)
                || !getSnapshotSerializer().canSerializeTo(JsonNode.class)) {
            throw new AxonConfigurationException("the ledger event store stores payloads as BSON documents "
                    + "and needs a serializer that produces JSON trees (JacksonSerializer)");
        }
        this.store = new CommitStore(builder.database);
        this.readOnly = builder.readOnly;
        if (!readOnly) {
            store.events.createIndex(Indexes.ascending(CommitFormat.AGGREGATE_KEY),
                    new IndexOptions().unique(true).name(CommitStore.AGGREGATE_KEY_INDEX));
        }
        this.writer = new CommitWriter(store, builder.afterReservation, builder.afterInsert, !readOnly);
        // a read-only reader never seals: it waits for a reserved position for ever (and says so)
        this.globalOrder = new GlobalOrder(store, readOnly ? Duration.ofDays(36_500) : builder.sealTimeout,
                builder.nanoClock, () -> HashChain.linkedThrough(builder.database, store));
        this.aggregates = new AggregateStreams(store, builder.aggregateWindow);
        this.snapshots = new Snapshots(builder.database);
        this.batchSize = builder.batchSize;
        this.storeCheck = builder.storeCheck;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- Axon SPI

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> messages, Serializer serializer) {
        if (messages.isEmpty()) {
            return;
        }
        if (readOnly) {
            throw new EventStoreFailure("This event store was opened read-only; nothing was stored");
        }
        storeCheck.run();
        NewCommit commit = NewCommit.of(messages, serializer);
        Object correlation = messages.get(0).getMetaData().get(EventMetadata.CORRELATION_ID);
        try {
            writer.append(commit, correlation instanceof String id ? id : null);
        } catch (CommitWriter.KeyConflict conflict) {
            handlePersistenceException(conflict.cause, messages.get(0));
        }
    }

    /** The document a commit of {@code messages} at {@code first} is stored as (bulk loading in benchmarks). */
    static BsonDocument commitDocument(List<? extends EventMessage<?>> messages, Serializer serializer, long first) {
        return NewCommit.of(messages, serializer).toDocument(first, first + messages.size() - 1);
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        return globalOrder.trackedEvents(positionOf(trackingToken), batchSize);
    }

    private static long positionOf(TrackingToken token) {
        if (token == null) {
            return 0;
        }
        if (token.position().isEmpty()) {
            throw new IllegalArgumentException("unsupported tracking token " + token);
        }
        return token.position().getAsLong();
    }

    @Override
    public TrackingToken createHeadToken() {
        long head = globalOrder.readableHead();
        return head == 0 ? null : new GlobalSequenceTrackingToken(head);
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return new TokenAtTime(store, globalOrder.readableHead()).tokenAt(dateTime);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier, long firstSequenceNumber) {
        storeCheck.run();
        return aggregates.commits(aggregateIdentifier, firstSequenceNumber)
                .flatMap(c -> CommitFormat.events(c, Long.MIN_VALUE, aggregateIdentifier, firstSequenceNumber).stream());
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        long from = readSnapshotData(aggregateIdentifier).findFirst().map(s -> s.getSequenceNumber() + 1).orElse(0L);
        return aggregates.lastSequence(aggregateIdentifier, from);
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        snapshots.store(snapshot, serializer);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        storeCheck.run();
        return snapshots.read(aggregateIdentifier);
    }

    // ---------------------------------------------------------------- CommitLog

    @Override
    public List<BsonDocument> readCommits(long after, int max) {
        return globalOrder.read(after, max);
    }

    @Override
    public Stream<BsonDocument> aggregateCommits(String aggregateId, long fromSequence) {
        return aggregates.commits(aggregateId, fromSequence);
    }

    @Override
    public DomainEventStream deserialize(List<BsonDocument> commits, String aggregateId) {
        return EventStreamUtils.upcastAndDeserializeDomainEvents(
                commits.stream().flatMap(c -> CommitFormat.events(c, Long.MIN_VALUE, aggregateId, Long.MIN_VALUE)
                        .stream()),
                getEventSerializer(), upcasterChain);
    }

    @Override
    public long highWaterMark() {
        return store.highWaterMark();
    }

    @Override
    public long readableHead() {
        return globalOrder.readableHead();
    }

    @Override
    public long positionToAwait(String commandId) {
        Long own = commandId == null ? null : writer.positionOf(commandId);
        return own != null ? own : globalOrder.lastEventPosition();
    }

    @Override
    public PositionCheck checkPositions() {
        return PositionCheck.run(store);
    }

    @Override
    public long sealedPositions() {
        return globalOrder.sealedPositions();
    }

    @Override
    public long refusedCommits() {
        return writer.refusedCommits();
    }

    @Override
    public long voidsWritten() {
        return writer.voidsWritten() + globalOrder.sealedPositions();
    }

    @Override
    public long failedGiveBacks() {
        return writer.failedGiveBacks();
    }

    @Override
    public int pendingGaps() {
        return globalOrder.pendingGaps();
    }

    @Override
    public Duration oldestPendingGap() {
        return globalOrder.oldestGap();
    }

    public long counterRepairs() {
        return writer.counterRepairs();
    }

    public static class Builder extends AbstractEventStorageEngine.Builder {
        private MongoDatabase database;
        private Duration sealTimeout = Duration.ofSeconds(10);
        private int batchSize = 256;
        private int aggregateWindow = 64;
        private LongSupplier nanoClock = System::nanoTime;
        private LongConsumer afterReservation = position -> { };
        private LongConsumer afterInsert = position -> { };
        private Runnable storeCheck = () -> { };
        private boolean readOnly;

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        /**
         * Runs before each append and each aggregate load; throwing refuses it before anything is read
         * or reserved (the application's: no member of the store can be reached).
         */
        public Builder storeCheck(Runnable storeCheck) {
            this.storeCheck = storeCheck;
            return this;
        }

        /** How long a reserved global position may stay empty before a reader seals it. */
        public Builder sealTimeout(Duration sealTimeout) {
            this.sealTimeout = sealTimeout;
            return this;
        }

        /** Positions a tracking reader asks for at once. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Aggregate versions asked for at once when loading an aggregate. */
        public Builder aggregateWindow(int aggregateWindow) {
            this.aggregateWindow = aggregateWindow;
            return this;
        }

        /** The monotonic clock readers measure waiting with (tests drive it by hand). */
        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * Opens the store for reading only (an auditor's tools): no index is created, the position counter
         * is never repaired, no reader seals, and appending fails. Works with a read-only database user.
         */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /** Called between reserving positions and writing them (tests inject pauses or deaths here). */
        public Builder afterReservation(LongConsumer afterReservation) {
            this.afterReservation = afterReservation;
            return this;
        }

        /** Called after a commit's insert returned (tests lose the reply or the store here). */
        public Builder afterInsert(LongConsumer afterInsert) {
            this.afterInsert = afterInsert;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        public LedgerEventStorageEngine build() {
            persistenceExceptionResolver(e -> e instanceof MongoWriteException w
                    && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY);
            validate();
            return new LedgerEventStorageEngine(this);
        }

        @Override
        protected void validate() {
            super.validate();
            if (database == null) {
                throw new AxonConfigurationException("the ledger event store needs a MongoDatabase");
            }
            if (sealTimeout.isNegative() || batchSize < 1 || aggregateWindow < 1) {
                throw new AxonConfigurationException("seal timeout, batch size and aggregate window must be positive");
            }
        }
    }
}
