package io.ledger.projections.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * Delivers events to a projection as a tracking processor would (annotated handlers, sequence
 * numbers, timestamps, tracking tokens), and can deliver all of them again.
 */
public final class EventFeeder {

    private final AnnotationEventHandlerAdapter projection;
    private final Instant timestamp;
    private final List<TrackedEventMessage<?>> delivered = new ArrayList<>();
    private long position;

    public EventFeeder(Object projection, Instant timestamp) {
        this.projection = new AnnotationEventHandlerAdapter(projection);
        this.timestamp = timestamp;
    }

    /** The next event of the stream of {@code aggregateId}, at sequence {@code sequence}. */
    public void deliver(String aggregateId, long sequence, Object payload) {
        deliver(aggregateId, sequence, payload, java.util.Map.of());
    }

    /** The same, with the metadata the command bus would have attached (such as {@code user}). */
    public void deliver(String aggregateId, long sequence, Object payload, java.util.Map<String, ?> metaData) {
        TrackedEventMessage<?> message = new GenericTrackedDomainEventMessage<>(
                new GlobalSequenceTrackingToken(++position),
                new GenericDomainEventMessage<>("Aggregate", aggregateId, sequence, payload,
                        org.axonframework.messaging.MetaData.from(metaData), java.util.UUID.randomUUID().toString(),
                        timestamp));
        handle(message);
        delivered.add(message);
    }

    /** Every event once more, as after a crash before the token was stored. */
    public void redeliverAll() {
        delivered.forEach(this::handle);
    }

    private void handle(TrackedEventMessage<?> message) {
        try {
            projection.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
