package io.ledger.eventstore;

import java.time.Instant;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event as read back from a commit document, in the form Axon upcasts and deserializes. An event
 * that belongs to no aggregate has no aggregate identifier and is handed to tracking readers as
 * plain {@link TrackedEventData}, so that it comes back as the plain event it was.
 */
record StoredEvent(
        TrackingToken trackingToken,
        String eventIdentifier,
        Instant timestamp,
        String type,
        String aggregateIdentifier,
        long sequenceNumber,
        String payloadType,
        String payloadRevision,
        JsonNode payload,
        JsonNode metaData) implements DomainEventData<JsonNode>, TrackedEventData<JsonNode> {

    /** This event as a tracking reader must see it: a domain event, or a plain one. */
    TrackedEventData<JsonNode> forTracking() {
        if (aggregateIdentifier != null) {
            return this;
        }
        StoredEvent self = this;
        return new TrackedEventData<>() {
            @Override
            public TrackingToken trackingToken() {
                return self.trackingToken;
            }

            @Override
            public String getEventIdentifier() {
                return self.eventIdentifier;
            }

            @Override
            public Instant getTimestamp() {
                return self.timestamp;
            }

            @Override
            public SerializedObject<JsonNode> getMetaData() {
                return self.getMetaData();
            }

            @Override
            public SerializedObject<JsonNode> getPayload() {
                return self.getPayload();
            }
        };
    }

    @Override
    public String getEventIdentifier() {
        return eventIdentifier;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    public SerializedObject<JsonNode> getMetaData() {
        return new SimpleSerializedObject<>(metaData, JsonNode.class, MetaData.class.getName(), null);
    }

    @Override
    public SerializedObject<JsonNode> getPayload() {
        return new SimpleSerializedObject<>(payload, JsonNode.class, payloadType, payloadRevision);
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public String getAggregateIdentifier() {
        return aggregateIdentifier;
    }

    @Override
    public long getSequenceNumber() {
        return sequenceNumber;
    }
}
