package io.ledger.eventstore;

import java.time.Instant;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;

import com.fasterxml.jackson.databind.JsonNode;

/** One event as read back from a commit document, in the form Axon upcasts and deserializes. */
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
