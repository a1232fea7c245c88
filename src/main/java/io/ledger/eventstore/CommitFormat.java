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
 * The layout of the {@code events} collection: one document per commit, keyed by the global
 * position of its first event. A commit of n events owns the positions {@code _id .. last}.
 *
 * <pre>
 * { _id: 41, last: 42, aggregateKey: "program:P1@7", aggregateType: "Program", aggregateId: "program:P1",
 *   firstSequence: 7, lastSequence: 8, commitId: "…",
 *   events: [ { eventId, payloadType, revision, sequence, timestamp, payload: {…}, metadata: {…} }, … ] }
 * </pre>
 *
 * A void document ({@code void: true}, no events) fills positions that will never hold a commit:
 * sealed by a reader after a writer did not arrive in time, or given back by a writer whose commit
 * was refused.
 */
final class CommitFormat {

    static final String ID = "_id";
    static final String LAST = "last";
    static final String AGGREGATE_KEY = "aggregateKey";
    static final String AGGREGATE_TYPE = "aggregateType";
    static final String AGGREGATE_ID = "aggregateId";
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

    private CommitFormat() {
    }

    /** The unique key that makes two commits starting at the same aggregate version collide. */
    static String aggregateKey(String aggregateId, long firstSequence) {
        return aggregateId + "@" + firstSequence;
    }

    static BsonDocument voidDocument(long first, long last, String reason) {
        return new BsonDocument(ID, new BsonInt64(first))
                .append(LAST, new BsonInt64(last))
                .append(AGGREGATE_KEY, new BsonString("#void@" + first))
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

    static long firstSequence(BsonDocument commit) {
        return commit.getNumber(FIRST_SEQUENCE).longValue();
    }

    static long lastSequence(BsonDocument commit) {
        return commit.getNumber(LAST_SEQUENCE).longValue();
    }

    /** The events of a commit from global position {@code from} on, as Axon reads them. */
    static List<StoredEvent> events(BsonDocument commit, long fromPosition, long fromSequence) {
        if (isVoid(commit)) {
            return List.of();
        }
        long first = first(commit);
        BsonArray events = commit.getArray(EVENTS);
        BsonValue type = commit.get(AGGREGATE_TYPE);
        String aggregateType = type == null || type.isNull() ? null : type.asString().getValue();
        List<StoredEvent> result = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            long position = first + i;
            BsonDocument event = events.get(i).asDocument();
            long sequence = event.getNumber(SEQUENCE).longValue();
            if (position < fromPosition || sequence < fromSequence) {
                continue;
            }
            String eventId = event.getString(EVENT_ID).getValue();
            BsonValue revision = event.get(REVISION);
            result.add(new StoredEvent(
                    new GlobalSequenceTrackingToken(position),
                    eventId,
                    Instant.parse(event.getString(TIMESTAMP).getValue()),
                    aggregateType,
                    aggregateType == null ? eventId : commit.getString(AGGREGATE_ID).getValue(),
                    sequence,
                    event.getString(PAYLOAD_TYPE).getValue(),
                    revision == null || revision.isNull() ? null : revision.asString().getValue(),
                    BsonJson.toJson(event.get(PAYLOAD)),
                    BsonJson.toJson(event.get(METADATA))));
        }
        return result;
    }
}
