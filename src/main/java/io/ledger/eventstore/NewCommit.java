package io.ledger.eventstore;

import static io.ledger.eventstore.CommitFormat.AGGREGATES;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The events of one unit of work, serialized and checked before any position is reserved, so that
 * a bad or oversized commit leaves no trace. The write side of {@link CommitFormat}.
 */
final class NewCommit {

    /** A unit of work may not apply more events than this (readers look back this far). */
    static final int MAX_EVENTS = 128;
    /** MongoDB's limit for one document. */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

    private record Stream(String type, long firstSequence, long lastSequence) {
    }

    final String commitId = UUID.randomUUID().toString();
    final int size;
    /** Aggregate id → its events' sequence range, in order of first appearance. */
    private final Map<String, Stream> streams;
    private final BsonArray events;
    private final String plainKey;

    private NewCommit(int size, Map<String, Stream> streams, BsonArray events, String plainKey) {
        this.size = size;
        this.streams = streams;
        this.events = events;
        this.plainKey = plainKey;
    }

    static NewCommit of(List<? extends EventMessage<?>> messages, Serializer serializer) {
        if (messages.size() > MAX_EVENTS) {
            throw new EventStoreFailure("A unit of work may append at most " + MAX_EVENTS + " events, not "
                    + messages.size());
        }
        Map<String, Stream> streams = new LinkedHashMap<>();
        BsonArray events = new BsonArray(new ArrayList<>(messages.size()));
        for (EventMessage<?> message : messages) {
            BsonDocument event = event(message, serializer);
            if (message instanceof DomainEventMessage<?> domain) {
                String id = domain.getAggregateIdentifier();
                Stream stream = streams.get(id);
                if (stream != null && domain.getSequenceNumber() != stream.lastSequence + 1) {
                    throw new EventStoreFailure("The events of aggregate " + id + " in one unit of work must have "
                            + "consecutive sequence numbers; " + domain.getSequenceNumber() + " follows "
                            + stream.lastSequence);
                }
                streams.put(id, new Stream(domain.getType(),
                        stream == null ? domain.getSequenceNumber() : stream.firstSequence, domain.getSequenceNumber()));
            }
            events.add(event);
        }
        NewCommit commit = new NewCommit(messages.size(), streams, events,
                CommitFormat.PLAIN_KEY_PREFIX + messages.get(0).getIdentifier() + "@0");
        int bytes = new RawBsonDocument(commit.toDocument(0, 0), new BsonDocumentCodec()).getByteBuffer().remaining();
        if (bytes > MAX_DOCUMENT_BYTES) {
            throw new EventStoreFailure("A unit of work of " + bytes + " bytes exceeds the store's limit of "
                    + MAX_DOCUMENT_BYTES + " bytes per commit; nothing was stored");
        }
        return commit;
    }

    /** The values this commit holds in the unique {@code aggregateKey} index. */
    List<String> aggregateKeys() {
        if (streams.isEmpty()) {
            return List.of(plainKey);
        }
        List<String> keys = new ArrayList<>(streams.size());
        streams.forEach((id, stream) -> keys.add(CommitFormat.aggregateKey(id, stream.firstSequence)));
        return keys;
    }

    /** Who to name in messages: the aggregates of this commit, or "plain events". */
    String describe() {
        return streams.isEmpty() ? "plain events" : String.join(", ", streams.keySet());
    }

    BsonDocument toDocument(long first, long last) {
        BsonDocument document = new BsonDocument(ID, new BsonInt64(first)).append(LAST, new BsonInt64(last));
        boolean single = streams.size() == 1 && events.stream().allMatch(e -> e.asDocument().containsKey(AGGREGATE_ID));
        if (streams.isEmpty()) {
            appendSingle(document, plainKey, BsonNull.VALUE, events.get(0).asDocument().get(EVENT_ID), 0,
                    events.size() - 1, false);
        } else if (single) {
            Map.Entry<String, Stream> only = streams.entrySet().iterator().next();
            Stream stream = only.getValue();
            appendSingle(document, CommitFormat.aggregateKey(only.getKey(), stream.firstSequence), text(stream.type),
                    new BsonString(only.getKey()), stream.firstSequence, stream.lastSequence, true);
        } else {
            BsonArray keys = new BsonArray();
            BsonArray aggregates = new BsonArray();
            streams.forEach((id, stream) -> {
                keys.add(new BsonString(CommitFormat.aggregateKey(id, stream.firstSequence)));
                aggregates.add(new BsonDocument(AGGREGATE_ID, new BsonString(id))
                        .append(AGGREGATE_TYPE, text(stream.type))
                        .append(FIRST_SEQUENCE, new BsonInt64(stream.firstSequence))
                        .append(LAST_SEQUENCE, new BsonInt64(stream.lastSequence)));
            });
            document.append(AGGREGATE_KEY, keys).append(AGGREGATES, aggregates)
                    .append(COMMIT_ID, new BsonString(commitId)).append(EVENTS, events);
        }
        return document;
    }

    private void appendSingle(BsonDocument document, String key, BsonValue type, BsonValue aggregateId,
            long firstSequence, long lastSequence, boolean domain) {
        BsonArray stored = new BsonArray(new ArrayList<>(events.size()));
        long sequence = 0;
        for (BsonValue value : events) {
            // the aggregate is named once, on the commit; plain events get their index as sequence
            BsonDocument event = value.asDocument().clone();
            event.remove(AGGREGATE_ID);
            event.remove(AGGREGATE_TYPE);
            if (!domain) {
                event.put(SEQUENCE, new BsonInt64(sequence++));
            }
            stored.add(reorder(event));
        }
        document.append(AGGREGATE_KEY, new BsonString(key))
                .append(AGGREGATE_TYPE, type)
                .append(AGGREGATE_ID, aggregateId)
                .append(FIRST_SEQUENCE, new BsonInt64(firstSequence))
                .append(LAST_SEQUENCE, new BsonInt64(lastSequence))
                .append(COMMIT_ID, new BsonString(commitId))
                .append(EVENTS, stored);
    }

    /** The field order of the original single-aggregate layout, so that stored bytes stay as they were. */
    private static BsonDocument reorder(BsonDocument event) {
        BsonDocument ordered = new BsonDocument();
        for (String key : List.of(EVENT_ID, PAYLOAD_TYPE, REVISION, SEQUENCE, TIMESTAMP, PAYLOAD, METADATA)) {
            if (event.containsKey(key)) {
                ordered.append(key, event.get(key));
            }
        }
        return ordered;
    }

    private static BsonValue text(String value) {
        return value == null ? BsonNull.VALUE : new BsonString(value);
    }

    static BsonDocument event(EventMessage<?> message, Serializer serializer) {
        SerializedObject<JsonNode> payload = serializer.serialize(message.getPayload(), JsonNode.class);
        SerializedObject<JsonNode> metaData = serializer.serialize(message.getMetaData(), JsonNode.class);
        String revision = payload.getType().getRevision();
        BsonDocument event = new BsonDocument(EVENT_ID, new BsonString(message.getIdentifier()));
        if (message instanceof DomainEventMessage<?> domain) {
            event.append(AGGREGATE_ID, new BsonString(domain.getAggregateIdentifier()))
                    .append(AGGREGATE_TYPE, text(domain.getType()));
        }
        event.append(PAYLOAD_TYPE, new BsonString(payload.getType().getName()))
                .append(REVISION, revision == null ? BsonNull.VALUE : new BsonString(revision));
        if (message instanceof DomainEventMessage<?> domain) {
            event.append(SEQUENCE, new BsonInt64(domain.getSequenceNumber()));
        }
        return event.append(TIMESTAMP, new BsonString(message.getTimestamp().toString()))
                .append(PAYLOAD, BsonJson.toBson(payload.getData()))
                .append(METADATA, BsonJson.toBson(metaData.getData()));
    }
}
