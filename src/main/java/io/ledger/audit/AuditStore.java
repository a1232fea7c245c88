package io.ledger.audit;

import java.nio.file.Path;

import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.storage.LedgerStorage;
import io.ledger.storage.StorageProperties;
import picocli.CommandLine.Option;

/** Where the ledger's data is; shared by every command that reads it. */
final class AuditStore {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "data directory of a stopped system's embedded store (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--mongodb-uri", paramLabel = "URI", defaultValue = "${env:MONGODB_URI}",
            description = "a MongoDB replica set instead (default: $MONGODB_URI)")
    String mongodbUri;

    @Option(names = "--database", defaultValue = "ledger", description = "database when the URI names none")
    String database;

    LedgerStorage open() {
        return LedgerStorage.openReadOnly(new StorageProperties(mongodbUri, database, dataDir, "127.0.0.1", 0,
                false, false));
    }

    static LedgerEventStorageEngine engine(LedgerStorage storage) {
        return LedgerEventStorageEngine.builder()
                .database(storage.database())
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                // an auditor only ever reads: no index, no counter repair, no seals
                .readOnly()
                .build();
    }
}
