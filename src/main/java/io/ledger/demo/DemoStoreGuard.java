package io.ledger.demo;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;

import org.bson.Document;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

import io.ledger.storage.StorageProperties;
import io.ledger.storage.StoreOpeningCheck;

/**
 * The demo loads made-up history and users with well-known passwords into whatever store it is
 * given, so it runs only on an embedded store that the demo itself created. A store is the demo's
 * when it was empty the first time the demo started on it, which is then recorded in a marker
 * document; any other store with history is refused before anything is loaded or linked: the check runs inside the
 * database bean, before any other bean can read the store.
 */
@Component
@ConditionalOnProperty(name = "ledger.demo", havingValue = "true")
public class DemoStoreGuard implements StoreOpeningCheck {

    static final String MARKER_COLLECTION = "ledger_demo";
    private static final String MARKER_ID = "demo-store";

    private final StorageProperties storage;

    public DemoStoreGuard(StorageProperties storage) {
        this.storage = storage;
    }

    @Override
    public void check(MongoDatabase database) {
        if (!storage.embedded()) {
            throw new IllegalStateException("The demo profile (ledger.demo=true) loads demo data and well-known "
                    + "passwords: it never runs against MONGODB_URI. Unset MONGODB_URI or leave the demo profile.");
        }
        MongoCollection<Document> marker = database.getCollection(MARKER_COLLECTION);
        if (marker.find(eq("_id", MARKER_ID)).first() != null) {
            return;
        }
        if (database.getCollection("events").find().first() != null) {
            throw new IllegalStateException("The data directory " + storage.dataDir().toAbsolutePath() + " holds "
                    + "history that the demo did not create: the demo profile (ledger.demo=true) refuses to load demo "
                    + "data and well-known passwords into it. Give the demo a data directory of its own.");
        }
        marker.replaceOne(eq("_id", MARKER_ID), new Document("_id", MARKER_ID)
                .append("createdAt", Instant.now().toString()), new ReplaceOptions().upsert(true));
    }
}
