package io.ledger.eventstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The layout of the {@code events} collection, read side (the write side is {@link NewCommit}): one
 * document per commit, keyed by the global position of its first event. A commit of n events owns
 * the positions {@code _id .. last}.
 *
 * <pre>
 * one aggregate:   { _id: 41, last: 42, aggregateKey: "program:P1@7", aggregateType: "Program",
 *                    aggregateId: "program:P1", firstSequence: 7, lastSequence: 8, commitId: "…",
 *                    events: [ { eventId, payloadType, revision, sequence, timestamp, payload, metadata }, … ] }
 * plain events:    { _id, last, aggregateKey: "#event:&lt;first event id&gt;@0", aggregateType: null, … }
 * several (v2):    { _id, last, aggregateKey: ["A@3", "B@0"], aggregates: [ { aggregateId, aggregateType,
 *                    firstSequence, lastSequence }, … ], commitId, events: [ { aggregateId, aggregateType,
 *                    sequence, … } or a plain event without them, … ] }
 * void:            { _id: 43, last: 43, aggregateKey: "#void@43", void: true, reason, recordedAt }
 * </pre>
 */
final class CommitFormat {

    static final String ID = "_id";
    static final String LAST = "last";
    static final String AGGREGATE_KEY = "aggregateKey";
    static final String AGGREGATE_TYPE = "aggregateType";
    static final String AGGREGATE_ID = "aggregateId";
    static final String AGGREGATES = "aggregates";
    static final String FIRST_SEQUENCE = "firstSequence";
    static final String LAST_SEQUENCE = "lastSequence";
    static final String COMMIT_ID = "commitId";
    static final String EVENTS = "events";
    static final String VOID = "void";
    static final String REASON = "reason";
    static final String RECORDED_AT = "recordedAt";

    static final String EVENT_ID = "eventId";
    static final String PAYLOAD_TYPE = "payloadType";
    static final String REVISION = "revision";
    static final String SEQUENCE = "sequence";
    static final String TIMESTAMP = "timestamp";
    static final String PAYLOAD = "payload";
    static final String METADATA = "metadata";

    static final String PLAIN_KEY_PREFIX = "#event:";

    private CommitFormat() {
    }

    /** The unique key that makes two commits starting at the same aggregate version collide. */
    static String aggregateKey(String aggregateId, long firstSequence) {
        return aggregateId + "@" + firstSequence;
    }

    /** Voids are one document per position, so that every void collides with a commit on {@code _id}. */
    static BsonDocument voidDocument(long position, String reason) {
        return new BsonDocument(ID, new BsonInt64(position))
                .append(LAST, new BsonInt64(position))
                .append(AGGREGATE_KEY, new BsonString("#void@" + position))
                .append(VOID, BsonBoolean.TRUE)
                .append(REASON, new BsonString(reason))
                .append(RECORDED_AT, new BsonString(Instant.now().toString()));
    }

    static boolean isVoid(BsonDocument commit) {
        return commit.getBoolean(VOID, BsonBoolean.FALSE).getValue();
    }

    static long first(BsonDocument commit) {
        return commit.getNumber(ID).longValue();
    }

    static long last(BsonDocument commit) {
        return commit.getNumber(LAST).longValue();
    }

    static boolean isMulti(BsonDocument commit) {
        return commit.containsKey(AGGREGATES);
    }

    /** {first, last} sequence of {@code aggregateId}'s events in this commit, or null if it has none. */
    static long[] sequenceRange(BsonDocument commit, String aggregateId) {
        if (!isMulti(commit)) {
            return aggregateId.equals(text(commit, AGGREGATE_ID))
                    ? new long[] {commit.getNumber(FIRST_SEQUENCE).longValue(),
                            commit.getNumber(LAST_SEQUENCE).longValue()}
                    : null;
        }
        for (BsonValue value : commit.getArray(AGGREGATES)) {
            BsonDocument aggregate = value.asDocument();
            if (aggregateId.equals(text(aggregate, AGGREGATE_ID))) {
                return new long[] {aggregate.getNumber(FIRST_SEQUENCE).longValue(),
                        aggregate.getNumber(LAST_SEQUENCE).longValue()};
            }
        }
        return null;
    }

    /**
     * The events of a commit from global position {@code fromPosition} on, as Axon reads them; with an
     * {@code aggregateId}, only that aggregate's events from {@code fromSequence} on.
     */
    static List<StoredEvent> events(BsonDocument commit, long fromPosition, String aggregateId, long fromSequence) {
        if (isVoid(commit)) {
            return List.of();
        }
        boolean multi = isMulti(commit);
        boolean plainCommit = !multi && text(commit, AGGREGATE_KEY) != null
                && text(commit, AGGREGATE_KEY).startsWith(PLAIN_KEY_PREFIX);
        long first = first(commit);
        BsonArray events = commit.getArray(EVENTS);
        List<StoredEvent> result = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            long position = first + i;
            BsonDocument event = events.get(i).asDocument();
            BsonDocument owner = multi ? event : commit;
            String eventAggregate = plainCommit ? null : text(owner, AGGREGATE_ID);
            if (position < fromPosition || aggregateId != null && !aggregateId.equals(eventAggregate)) {
                continue;
            }
            long sequence = event.containsKey(SEQUENCE) ? event.getNumber(SEQUENCE).longValue() : 0;
            if (eventAggregate != null && sequence < fromSequence) {
                continue;
            }
            result.add(new StoredEvent(
                    new GlobalSequenceTrackingToken(position),
                    text(event, EVENT_ID),
                    Instant.parse(text(event, TIMESTAMP)),
                    eventAggregate == null ? null : text(owner, AGGREGATE_TYPE),
                    eventAggregate,
                    sequence,
                    text(event, PAYLOAD_TYPE),
                    text(event, REVISION),
                    BsonJson.toJson(event.get(PAYLOAD)),
                    BsonJson.toJson(event.get(METADATA))));
        }
        return result;
    }

    static String text(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

    /** When the commit was written: a void's own stamp, else its first event's (unreadable counts as old). */
    static Instant recordedAt(BsonDocument commit) {
        try {
            if (isVoid(commit)) {
                return Instant.parse(commit.getString(RECORDED_AT).getValue());
            }
            BsonValue first = commit.getArray(EVENTS).get(0);
            return Instant.parse(first.asDocument().getString(TIMESTAMP).getValue());
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
