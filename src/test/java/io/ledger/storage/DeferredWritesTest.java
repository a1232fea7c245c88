package io.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Read-model and counter writes cost no disk flush of their own; any other write is flushed, and
 * its flush covers the deferred writes made before it.
 */
class DeferredWritesTest {

    @TempDir
    Path dir;

    @Test
    void readModelWritesWaitForTheNextFlushedWrite() {
        AtomicInteger syncs = new AtomicInteger();
        MVStore store = DurableH2Backend.openStore(dir.resolve("ledger.mv.db").toString());
        DurableH2Backend backend = new DurableH2Backend(store, true, EmbeddedMongo::deferred, () -> {
            syncs.incrementAndGet();
            store.sync();
        });
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoDatabase db = client.getDatabase("ledger");
            db.getCollection("view_balances").insertOne(new Document("_id", "first")); // creates it
            db.getCollection("trackingtokens").insertOne(new Document("_id", "first"));
            int before = syncs.get();
            long commitsBefore = backend.durableCommits();

            db.getCollection("view_balances").insertOne(new Document("_id", "P1/A1"));
            db.getCollection("view_programs").updateOne(new Document("_id", "first"),
                    new Document("$set", new Document("x", 1)));
            db.getCollection("event_counters").insertOne(new Document("_id", "globalPosition"));
            assertThat(syncs.get()).as("read models and the counter are not flushed").isEqualTo(before);
            assertThat(backend.durableCommits()).isEqualTo(commitsBefore);

            db.getCollection("trackingtokens").insertOne(new Document("_id", "second"));
            assertThat(syncs.get()).as("the token is").isEqualTo(before + 1);
            assertThat(backend.durableCommits()).isEqualTo(commitsBefore + 1);
            assertThat(store.hasUnsavedChanges()).as("its commit took the read-model writes along").isFalse();
        } finally {
            server.shutdownNow();
        }
    }
}
