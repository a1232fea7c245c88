package io.ledger.eventstore;

import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
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
        long first = CommitFormat.first(commit);
        if (CommitFormat.isVoid(commit)) {
            return new StoredCommit(first, CommitFormat.last(commit), null, null, true,
                    text(commit, CommitFormat.REASON), List.of());
        }
        List<Event> events = new ArrayList<>();
        List<BsonValue> stored = commit.getArray(CommitFormat.EVENTS);
        for (int i = 0; i < stored.size(); i++) {
            BsonDocument event = stored.get(i).asDocument();
            BsonValue payload = event.get(CommitFormat.PAYLOAD);
            BsonValue metadata = event.get(CommitFormat.METADATA);
            events.add(new Event(first + i, event.getNumber(CommitFormat.SEQUENCE).longValue(),
                    text(event, CommitFormat.EVENT_ID), text(event, CommitFormat.PAYLOAD_TYPE),
                    text(event, CommitFormat.REVISION), text(event, CommitFormat.TIMESTAMP),
                    payload != null && payload.isDocument() ? payload.asDocument() : new BsonDocument("value",
                            payload == null ? org.bson.BsonNull.VALUE : payload),
                    metadata != null && metadata.isDocument() ? metadata.asDocument() : new BsonDocument()));
        }
        return new StoredCommit(first, CommitFormat.last(commit), text(commit, CommitFormat.AGGREGATE_TYPE),
                text(commit, CommitFormat.AGGREGATE_ID), false, null, events);
    }

    private static String text(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }
}
