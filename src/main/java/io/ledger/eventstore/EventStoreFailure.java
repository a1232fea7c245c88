package io.ledger.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/** Base of the failures that this store reports in its own words. */
public class EventStoreFailure extends EventStoreException {

    public EventStoreFailure(String message) {
        super(message);
    }

    public EventStoreFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
