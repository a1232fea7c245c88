package io.ledger.eventstore;

import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/** A commit document as auditors read it: positions, aggregate, events with their stored payloads. */
public record StoredCommit(long firstPosition, long lastPosition, String aggregateType, String aggregateId,
        boolean isVoid, String voidReason, List<Event> events) {

    public record Event(long position, long sequence, String eventId, String payloadType, String revision,
            String timestamp, BsonDocument payload, BsonDocument metadata) {

        public String metadata(String key) {
            BsonValue value = metadata == null ? null : metadata.get(key);
            return value != null && value.isString() ? value.asString().getValue() : null;
        }
    }

    public static StoredCommit of(BsonDocument commit) {
        return of(commit, null);
    }

    /**
     * The commit as seen from one aggregate: a unit of work that wrote to several aggregates is shown
     * with only {@code aggregateId}'s events (all of them when null).
     */
    public static StoredCommit of(BsonDocument commit, String aggregateId) {
        long first = CommitFormat.first(commit);
        if (CommitFormat.isVoid(commit)) {
            return new StoredCommit(first, CommitFormat.last(commit), null, null, true,
                    CommitFormat.text(commit, CommitFormat.REASON), List.of());
        }
        boolean multi = CommitFormat.isMulti(commit);
        String type = CommitFormat.text(commit, CommitFormat.AGGREGATE_TYPE);
        String id = CommitFormat.text(commit, CommitFormat.AGGREGATE_ID);
        List<Event> events = new ArrayList<>();
        List<BsonValue> stored = commit.getArray(CommitFormat.EVENTS);
        for (int i = 0; i < stored.size(); i++) {
            BsonDocument event = stored.get(i).asDocument();
            if (multi) {
                String owner = CommitFormat.text(event, CommitFormat.AGGREGATE_ID);
                if (aggregateId != null && !aggregateId.equals(owner)) {
                    continue;
                }
                type = CommitFormat.text(event, CommitFormat.AGGREGATE_TYPE);
                id = owner;
            }
            BsonValue payload = event.get(CommitFormat.PAYLOAD);
            BsonValue metadata = event.get(CommitFormat.METADATA);
            events.add(new Event(first + i, event.containsKey(CommitFormat.SEQUENCE)
                    ? event.getNumber(CommitFormat.SEQUENCE).longValue() : 0,
                    CommitFormat.text(event, CommitFormat.EVENT_ID), CommitFormat.text(event, CommitFormat.PAYLOAD_TYPE),
                    CommitFormat.text(event, CommitFormat.REVISION), CommitFormat.text(event, CommitFormat.TIMESTAMP),
                    payload != null && payload.isDocument() ? payload.asDocument()
                            : new BsonDocument("value", payload == null ? BsonNull.VALUE : payload),
                    metadata != null && metadata.isDocument() ? metadata.asDocument() : new BsonDocument()));
        }
        if (multi && aggregateId == null) {
            type = null;
            id = null;
        }
        return new StoredCommit(first, CommitFormat.last(commit), type, id, false, null, events);
    }
}
