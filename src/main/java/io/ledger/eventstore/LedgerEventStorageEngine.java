package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.ledger.eventstore.CommitFormat.AGGREGATE_ID;
import static io.ledger.eventstore.CommitFormat.AGGREGATE_KEY;
import static io.ledger.eventstore.CommitFormat.AGGREGATE_TYPE;
import static io.ledger.eventstore.CommitFormat.COMMIT_ID;
import static io.ledger.eventstore.CommitFormat.EVENTS;
import static io.ledger.eventstore.CommitFormat.EVENT_ID;
import static io.ledger.eventstore.CommitFormat.FIRST_SEQUENCE;
import static io.ledger.eventstore.CommitFormat.ID;
import static io.ledger.eventstore.CommitFormat.LAST;
import static io.ledger.eventstore.CommitFormat.LAST_SEQUENCE;
import static io.ledger.eventstore.CommitFormat.METADATA;
import static io.ledger.eventstore.CommitFormat.PAYLOAD;
import static io.ledger.eventstore.CommitFormat.PAYLOAD_TYPE;
import static io.ledger.eventstore.CommitFormat.REVISION;
import static io.ledger.eventstore.CommitFormat.SEQUENCE;
import static io.ledger.eventstore.CommitFormat.TIMESTAMP;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * Axon event storage on MongoDB that never skips, loses or half-shows an event. See
 * {@code EVENT-STORE.md} beside this class for the protocol and why it is safe.
 *
 * <p>Every query here is an equality or {@code $in} on a unique key ({@code _id} or
 * {@code aggregateKey}), so its cost does not depend on how many events are stored, on the
 * embedded server as on a replica set.
 */
public class LedgerEventStorageEngine extends AbstractEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(LedgerEventStorageEngine.class);

    /** A unit of work may not apply more events than this to one aggregate (readers look back this far). */
    public static final int MAX_EVENTS_PER_COMMIT = 128;

    static final String EVENTS_COLLECTION = "events";
    static final String COUNTERS_COLLECTION = "event_counters";
    static final String SNAPSHOTS_COLLECTION = "snapshots";
    private static final String POSITION_COUNTER = "globalPosition";
    private static final String COUNTER_VALUE = "last";

    private final MongoCollection<BsonDocument> events;
    private final MongoCollection<BsonDocument> counters;
    private final MongoCollection<BsonDocument> snapshots;
    private final long sealTimeoutNanos;
    private final int batchSize;
    private final int aggregateWindow;
    private final LongSupplier nanoClock;
    private final LongConsumer afterReservation;

    /** Reader-local: when each still-empty position was first seen empty. */
    private final Map<Long, Long> gapsFirstSeen = new ConcurrentHashMap<>();
    private final AtomicLong sealedPositions = new AtomicLong();
    private final AtomicLong refusedCommits = new AtomicLong();

    protected LedgerEventStorageEngine(Builder builder) {
        super(builder);
        this.events = builder.database.getCollection(EVENTS_COLLECTION, BsonDocument.class);
        this.counters = builder.database.getCollection(COUNTERS_COLLECTION, BsonDocument.class);
        this.snapshots = builder.database.getCollection(SNAPSHOTS_COLLECTION, BsonDocument.class);
        this.sealTimeoutNanos = builder.sealTimeout.toNanos();
        this.batchSize = builder.batchSize;
        this.aggregateWindow = builder.aggregateWindow;
        this.nanoClock = builder.nanoClock;
        this.afterReservation = builder.afterReservation;
        if (!getEventSerializer().canSerializeTo(JsonNode.class)
                || !getSnapshotSerializer().canSerializeTo(JsonNode.class)) {
            throw new AxonConfigurationException("the ledger event store stores payloads as BSON documents "
                    + "and needs a serializer that produces JSON trees (JacksonSerializer)");
        }
        events.createIndex(Indexes.ascending(AGGREGATE_KEY), new IndexOptions().unique(true).name("aggregateKey"));
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- appending

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> messages, Serializer serializer) {
        if (messages.isEmpty()) {
            return;
        }
        Commit commit = Commit.of(messages, serializer);
        long last = reserve(messages.size());
        long first = last - messages.size() + 1;
        afterReservation.accept(first);
        BsonDocument document = commit.toDocument(first, last);
        try {
            events.insertOne(document);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                giveBack(first, last, "refused by the server: " + e.getError().getCode());
                throw new EventStoreFailure("The server refused the commit of " + commit.aggregateId, e);
            }
            onDuplicate(first, last, commit, messages.get(0), e);
        } catch (MongoException e) {
            resolveUnknownOutcome(first, last, commit, e);
        }
    }

    /** The document a commit of {@code messages} at {@code first} is stored as (bulk loading in benchmarks). */
    static BsonDocument commitDocument(List<? extends EventMessage<?>> messages, Serializer serializer, long first) {
        return Commit.of(messages, serializer).toDocument(first, first + messages.size() - 1);
    }

    private long reserve(int count) {
        BsonDocument counter = counters.findOneAndUpdate(eq(ID, POSITION_COUNTER),
                Updates.inc(COUNTER_VALUE, (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return counter.getNumber(COUNTER_VALUE).longValue();
    }

    private void onDuplicate(long first, long last, Commit commit, EventMessage<?> firstMessage, MongoWriteException e) {
        BsonDocument atPosition = findCommit(first);
        if (atPosition != null && commit.commitId.equals(stringOrNull(atPosition, COMMIT_ID))) {
            return; // our own insert, retried by the driver after a lost reply
        }
        if (atPosition != null) {
            refusedCommits.incrementAndGet();
            throw new PositionSealedException(first, commit.aggregateId);
        }
        // The aggregate key collided: another commit was based on the same aggregate version.
        giveBack(first, last, "concurrent modification of " + commit.aggregateId);
        refusedCommits.incrementAndGet();
        handlePersistenceException(e, firstMessage);
    }

    /**
     * The reply to the insert was lost. Find out what happened rather than guess: either our commit
     * is there, or we make sure it never will be.
     */
    private void resolveUnknownOutcome(long first, long last, Commit commit, MongoException cause) {
        try {
            BsonDocument atPosition = findCommit(first);
            if (atPosition == null) {
                try {
                    events.insertOne(CommitFormat.voidDocument(first, last, "commit outcome unknown to its writer"));
                    throw new EventStoreFailure("The commit of " + commit.aggregateId + " failed; nothing was stored",
                            cause);
                } catch (MongoWriteException duplicate) {
                    atPosition = findCommit(first);
                }
            }
            if (atPosition != null && commit.commitId.equals(stringOrNull(atPosition, COMMIT_ID))) {
                return;
            }
            throw new EventStoreFailure("The commit of " + commit.aggregateId + " failed; nothing was stored", cause);
        } catch (MongoException again) {
            cause.addSuppressed(again);
            throw new EventStoreFailure("The outcome of the commit of " + commit.aggregateId + " at position "
                    + first + " is unknown: the store cannot be reached. Readers will seal the position if the "
                    + "commit did not arrive", cause);
        }
    }

    /** Fills positions this writer reserved but will not use, so that readers need not wait for them. */
    private void giveBack(long first, long last, String reason) {
        try {
            events.insertOne(CommitFormat.voidDocument(first, last, reason));
        } catch (MongoException e) {
            log.debug("Could not give back positions {}..{} ({}); readers will seal them", first, last, reason, e);
        }
    }

    // ---------------------------------------------------------------- tracking

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        long after = positionOf(trackingToken);
        return lazily(new BatchSource<StoredEvent>() {
            long last = after;

            @Override
            public List<StoredEvent> next() {
                List<StoredEvent> batch = readBatch(last, batchSize);
                if (!batch.isEmpty()) {
                    last = ((GlobalSequenceTrackingToken) batch.get(batch.size() - 1).trackingToken()).getGlobalIndex();
                }
                return batch.isEmpty() ? null : batch;
            }
        });
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

    /**
     * The events after position {@code after}, in position order, up to the first position that is
     * reserved but not yet written (and not yet due for sealing).
     */
    List<StoredEvent> readBatch(long after, int max) {
        List<StoredEvent> batch = new ArrayList<>();
        for (BsonDocument commit : readCommits(after, max)) {
            batch.addAll(CommitFormat.events(commit, after + 1, Long.MIN_VALUE));
        }
        return batch;
    }

    /**
     * The commit documents, void ones included, that hold the positions after {@code after}, in
     * position order, up to the first position that is reserved but not yet written (and not yet due
     * for sealing). The first may start before {@code after + 1} when {@code after} is inside a commit.
     */
    public List<BsonDocument> readCommits(long after, int max) {
        long high = highWaterMark();
        if (after >= high) {
            return List.of();
        }
        long upper = Math.min(after + max, high);
        Map<Long, BsonDocument> commits = findCommits(after + 1, upper);
        List<BsonDocument> result = new ArrayList<>();
        long next = after + 1;
        BsonDocument commit = commits.containsKey(next) ? commits.get(next) : commitCovering(next);
        while (next <= upper) {
            if (commit == null) {
                commit = resolveGap(next);
                if (commit == null) {
                    break;
                }
            }
            gapsFirstSeen.remove(next);
            result.add(commit);
            next = CommitFormat.last(commit) + 1;
            commit = commits.get(next);
        }
        return result;
    }

    /** A position that was reserved but is still empty: wait for it, or seal it once it is overdue. */
    private BsonDocument resolveGap(long position) {
        long now = nanoClock.getAsLong();
        Long firstSeen = gapsFirstSeen.putIfAbsent(position, now);
        if (firstSeen == null || now - firstSeen < sealTimeoutNanos) {
            return null;
        }
        BsonDocument seal = CommitFormat.voidDocument(position, position,
                "sealed by a reader: reserved but still empty after " + Duration.ofNanos(now - firstSeen));
        try {
            events.insertOne(seal);
            sealedPositions.incrementAndGet();
            log.warn("Sealed global position {}: reserved by a writer that did not write it within {}", position,
                    Duration.ofNanos(sealTimeoutNanos));
            return seal;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return findCommit(position); // the writer (or another reader's seal) got there first
        }
    }

    /** The commit that started before {@code position} and still covers it (a reader resuming mid-commit). */
    private BsonDocument commitCovering(long position) {
        if (position <= 1) {
            return null;
        }
        long from = Math.max(1, position - MAX_EVENTS_PER_COMMIT + 1);
        return findCommits(from, position - 1).values().stream()
                .filter(c -> CommitFormat.last(c) >= position)
                .findFirst().orElse(null);
    }

    private Map<Long, BsonDocument> findCommits(long from, long to) {
        List<BsonInt64> ids = new ArrayList<>((int) (to - from + 1));
        for (long p = from; p <= to; p++) {
            ids.add(new BsonInt64(p));
        }
        Map<Long, BsonDocument> result = new HashMap<>();
        for (BsonDocument commit : events.find(in(ID, ids))) {
            result.put(CommitFormat.first(commit), commit);
        }
        return result;
    }

    private BsonDocument findCommit(long position) {
        return events.find(eq(ID, position)).first();
    }

    /** The highest position any writer has reserved. */
    public long highWaterMark() {
        BsonDocument counter = counters.find(eq(ID, POSITION_COUNTER)).first();
        return counter == null ? 0 : counter.getNumber(COUNTER_VALUE).longValue();
    }

    @Override
    public TrackingToken createHeadToken() {
        return new GlobalSequenceTrackingToken(highWaterMark());
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /**
     * The token just before the first commit recorded at or after {@code dateTime}, found by binary
     * search over positions; commit times follow positions closely but are not guaranteed monotonic,
     * so this is as exact as the writers' clocks.
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long low = 1;
        long high = highWaterMark();
        long answer = high + 1;
        while (low <= high) {
            long middle = low + (high - low) / 2;
            Optional<Instant> at = timestampAtOrAfter(middle, high);
            if (at.isEmpty() || !at.get().isBefore(dateTime)) {
                answer = middle;
                high = middle - 1;
            } else {
                low = middle + 1;
            }
        }
        return answer <= 1 ? null : new GlobalSequenceTrackingToken(answer - 1);
    }

    private Optional<Instant> timestampAtOrAfter(long position, long high) {
        BsonDocument covering = commitCovering(position);
        if (covering != null && !CommitFormat.isVoid(covering)) {
            return Optional.of(CommitFormat.events(covering, position, Long.MIN_VALUE).get(0).getTimestamp());
        }
        for (long from = position; from <= high; from += batchSize) {
            Map<Long, BsonDocument> commits = findCommits(from, Math.min(high, from + batchSize - 1));
            Optional<BsonDocument> firstReal = commits.values().stream().filter(c -> !CommitFormat.isVoid(c))
                    .min((a, b) -> Long.compare(CommitFormat.first(a), CommitFormat.first(b)));
            if (firstReal.isPresent()) {
                return Optional.of(CommitFormat.events(firstReal.get(), 0, Long.MIN_VALUE).get(0).getTimestamp());
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- aggregates

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier, long firstSequenceNumber) {
        return aggregateCommits(aggregateIdentifier, firstSequenceNumber)
                .flatMap(commit -> CommitFormat.events(commit, Long.MIN_VALUE, firstSequenceNumber).stream());
    }

    /** The commit documents of one aggregate from {@code firstSequenceNumber} on, in sequence order. */
    public Stream<BsonDocument> aggregateCommits(String aggregateIdentifier, long firstSequenceNumber) {
        return lazily(new BatchSource<BsonDocument>() {
            long nextSequence = firstSequenceNumber;
            boolean first = true;
            boolean done;

            @Override
            public List<BsonDocument> next() {
                if (done) {
                    return null;
                }
                List<BsonDocument> batch = new ArrayList<>();
                Map<Long, BsonDocument> byFirstSequence = findAggregateCommits(aggregateIdentifier, nextSequence);
                long windowEnd = nextSequence + aggregateWindow;
                BsonDocument commit = byFirstSequence.get(nextSequence);
                if (commit == null && first && nextSequence > 0) {
                    commit = aggregateCommitCovering(aggregateIdentifier, nextSequence);
                }
                first = false;
                while (commit != null) {
                    batch.add(commit);
                    nextSequence = CommitFormat.lastSequence(commit) + 1;
                    commit = byFirstSequence.get(nextSequence);
                }
                done = nextSequence < windowEnd;
                return batch.isEmpty() && done ? null : batch;
            }
        });
    }

    /** The events of stored commit documents, upcast and deserialized as an aggregate load would. */
    public org.axonframework.eventsourcing.eventstore.DomainEventStream deserialize(List<BsonDocument> commits) {
        return org.axonframework.eventsourcing.EventStreamUtils.upcastAndDeserializeDomainEvents(
                commits.stream().flatMap(c -> CommitFormat.events(c, Long.MIN_VALUE, Long.MIN_VALUE).stream()),
                getEventSerializer(), upcasterChain);
    }

    private Map<Long, BsonDocument> findAggregateCommits(String aggregateId, long fromSequence) {
        List<String> keys = new ArrayList<>(aggregateWindow);
        for (long s = fromSequence; s < fromSequence + aggregateWindow; s++) {
            keys.add(CommitFormat.aggregateKey(aggregateId, s));
        }
        Map<Long, BsonDocument> result = new HashMap<>();
        for (BsonDocument commit : events.find(in(AGGREGATE_KEY, keys))) {
            result.put(CommitFormat.firstSequence(commit), commit);
        }
        return result;
    }

    private BsonDocument aggregateCommitCovering(String aggregateId, long sequence) {
        List<String> keys = new ArrayList<>();
        for (long s = Math.max(0, sequence - MAX_EVENTS_PER_COMMIT + 1); s < sequence; s++) {
            keys.add(CommitFormat.aggregateKey(aggregateId, s));
        }
        for (BsonDocument commit : events.find(in(AGGREGATE_KEY, keys))) {
            if (CommitFormat.lastSequence(commit) >= sequence) {
                return commit;
            }
        }
        return null;
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        long next = readSnapshotData(aggregateIdentifier).findFirst()
                .map(s -> s.getSequenceNumber() + 1).orElse(0L);
        long windowEnd;
        do {
            Map<Long, BsonDocument> byFirst = new HashMap<>();
            List<String> keys = new ArrayList<>(aggregateWindow);
            for (long s = next; s < next + aggregateWindow; s++) {
                keys.add(CommitFormat.aggregateKey(aggregateIdentifier, s));
            }
            for (BsonDocument c : events.find(in(AGGREGATE_KEY, keys))
                    .projection(Projections.include(FIRST_SEQUENCE, LAST_SEQUENCE))) {
                byFirst.put(CommitFormat.firstSequence(c), c);
            }
            windowEnd = next + aggregateWindow;
            for (BsonDocument c = byFirst.get(next); c != null; c = byFirst.get(next)) {
                next = CommitFormat.lastSequence(c) + 1;
            }
        } while (next >= windowEnd);
        return next == 0 ? Optional.empty() : Optional.of(next - 1);
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        BsonDocument existing = snapshots.find(eq(ID, snapshot.getAggregateIdentifier()))
                .projection(Projections.include(SEQUENCE)).first();
        if (existing != null && existing.getNumber(SEQUENCE).longValue() >= snapshot.getSequenceNumber()) {
            return;
        }
        BsonDocument document = Commit.event(snapshot, serializer)
                .append(ID, new BsonString(snapshot.getAggregateIdentifier()))
                .append(AGGREGATE_TYPE, new BsonString(snapshot.getType()));
        snapshots.replaceOne(eq(ID, snapshot.getAggregateIdentifier()), document, new ReplaceOptions().upsert(true));
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        BsonDocument snapshot = snapshots.find(eq(ID, aggregateIdentifier)).first();
        if (snapshot == null) {
            return Stream.empty();
        }
        BsonDocument asCommit = new BsonDocument(ID, new BsonInt64(0)).append(LAST, new BsonInt64(0))
                .append(AGGREGATE_TYPE, snapshot.get(AGGREGATE_TYPE))
                .append(AGGREGATE_ID, new BsonString(aggregateIdentifier))
                .append(EVENTS, new BsonArray(List.of(snapshot)));
        return CommitFormat.events(asCommit, Long.MIN_VALUE, Long.MIN_VALUE).stream();
    }

    // ---------------------------------------------------------------- metrics

    /** Positions this process sealed because their writer did not arrive in time. */
    public long sealedPositions() {
        return sealedPositions.get();
    }

    /** Commits refused for a concurrent modification or a sealed position. */
    public long refusedCommits() {
        return refusedCommits.get();
    }

    /** How many still-empty reserved positions this process's readers are waiting on. */
    public int pendingGaps() {
        return gapsFirstSeen.size();
    }

    // ---------------------------------------------------------------- helpers

    private static String stringOrNull(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

    private interface BatchSource<T> {
        /** The next batch, or null when there is none. */
        List<T> next();
    }

    private static <T> Stream<T> lazily(BatchSource<T> source) {
        Spliterator<T> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private final Deque<T> buffer = new ArrayDeque<>();
            private boolean exhausted;

            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                while (buffer.isEmpty() && !exhausted) {
                    List<T> batch = source.next();
                    if (batch == null) {
                        exhausted = true;
                    } else {
                        buffer.addAll(batch);
                    }
                }
                if (buffer.isEmpty()) {
                    return false;
                }
                action.accept(buffer.poll());
                return true;
            }
        };
        return StreamSupport.stream(spliterator, false);
    }

    /** The events of one unit of work for one aggregate, serialized before a position is reserved. */
    private static final class Commit {
        final String commitId = UUID.randomUUID().toString();
        final String aggregateType;
        final String aggregateId;
        final long firstSequence;
        final long lastSequence;
        final BsonArray events;

        private Commit(String aggregateType, String aggregateId, long firstSequence, long lastSequence, BsonArray events) {
            this.aggregateType = aggregateType;
            this.aggregateId = aggregateId;
            this.firstSequence = firstSequence;
            this.lastSequence = lastSequence;
            this.events = events;
        }

        static Commit of(List<? extends EventMessage<?>> messages, Serializer serializer) {
            if (messages.size() > MAX_EVENTS_PER_COMMIT) {
                throw new EventStoreFailure("A unit of work may append at most " + MAX_EVENTS_PER_COMMIT
                        + " events, not " + messages.size());
            }
            EventMessage<?> head = messages.get(0);
            BsonArray events = new BsonArray(new ArrayList<>(messages.size()));
            if (head instanceof DomainEventMessage<?> domainHead) {
                long expected = domainHead.getSequenceNumber();
                for (EventMessage<?> message : messages) {
                    if (!(message instanceof DomainEventMessage<?> domain)
                            || !domain.getAggregateIdentifier().equals(domainHead.getAggregateIdentifier())
                            || domain.getSequenceNumber() != expected) {
                        throw new EventStoreFailure("A unit of work may append to one aggregate only, with "
                                + "consecutive sequence numbers; got " + describe(messages));
                    }
                    events.add(event(domain, serializer));
                    expected++;
                }
                return new Commit(domainHead.getType(), domainHead.getAggregateIdentifier(),
                        domainHead.getSequenceNumber(), expected - 1, events);
            }
            long sequence = 0;
            for (EventMessage<?> message : messages) {
                if (message instanceof DomainEventMessage<?>) {
                    throw new EventStoreFailure("A unit of work may not mix aggregate and other events: "
                            + describe(messages));
                }
                events.add(event(message, serializer).append(SEQUENCE, new BsonInt64(sequence++)));
            }
            return new Commit(null, head.getIdentifier(), 0, sequence - 1, events);
        }

        static BsonDocument event(EventMessage<?> message, Serializer serializer) {
            SerializedObject<JsonNode> payload = serializer.serialize(message.getPayload(), JsonNode.class);
            SerializedObject<JsonNode> metaData = serializer.serialize(message.getMetaData(), JsonNode.class);
            String revision = payload.getType().getRevision();
            BsonDocument event = new BsonDocument(EVENT_ID, new BsonString(message.getIdentifier()))
                    .append(PAYLOAD_TYPE, new BsonString(payload.getType().getName()))
                    .append(REVISION, revision == null ? BsonNull.VALUE : new BsonString(revision));
            if (message instanceof DomainEventMessage<?> domain) {
                event.append(SEQUENCE, new BsonInt64(domain.getSequenceNumber()));
            }
            return event.append(TIMESTAMP, new BsonString(message.getTimestamp().toString()))
                    .append(PAYLOAD, BsonJson.toBson(payload.getData()))
                    .append(METADATA, BsonJson.toBson(metaData.getData()));
        }

        BsonDocument toDocument(long first, long last) {
            return new BsonDocument(ID, new BsonInt64(first))
                    .append(LAST, new BsonInt64(last))
                    .append(AGGREGATE_KEY, new BsonString(CommitFormat.aggregateKey(
                            aggregateType == null ? "#event:" + aggregateId : aggregateId, firstSequence)))
                    .append(AGGREGATE_TYPE, aggregateType == null ? BsonNull.VALUE : new BsonString(aggregateType))
                    .append(AGGREGATE_ID, new BsonString(aggregateId))
                    .append(FIRST_SEQUENCE, new BsonInt64(firstSequence))
                    .append(LAST_SEQUENCE, new BsonInt64(lastSequence))
                    .append(COMMIT_ID, new BsonString(commitId))
                    .append(EVENTS, events);
        }

        private static String describe(List<? extends EventMessage<?>> messages) {
            return messages.stream().map(m -> m instanceof DomainEventMessage<?> d
                    ? d.getAggregateIdentifier() + "#" + d.getSequenceNumber() : m.getIdentifier()).toList().toString();
        }
    }

    public static class Builder extends AbstractEventStorageEngine.Builder {
        private MongoDatabase database;
        private Duration sealTimeout = Duration.ofSeconds(10);
        private int batchSize = 256;
        private int aggregateWindow = 64;
        private LongSupplier nanoClock = System::nanoTime;
        private LongConsumer afterReservation = position -> { };

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        /** How long a reserved position may stay empty before a reader seals it. */
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

        /** Called between reserving positions and writing them (tests inject pauses or deaths here). */
        public Builder afterReservation(LongConsumer afterReservation) {
            this.afterReservation = afterReservation;
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
