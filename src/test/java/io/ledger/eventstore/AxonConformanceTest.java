package io.ledger.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStorageEngineTest;
import org.junit.jupiter.api.BeforeEach;

import io.ledger.eventstore.EventSerialization;
import io.ledger.testsupport.TestMongo;

/** Axon's own conformance suite for event storage engines, run against ours. */
class AxonConformanceTest extends EventStorageEngineTest {

    @BeforeEach
    void useLedgerStore() {
        setTestSubject(LedgerEventStorageEngine.builder()
                .database(TestMongo.freshDatabase())
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .build());
    }
}
