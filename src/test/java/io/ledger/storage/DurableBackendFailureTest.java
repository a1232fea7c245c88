package io.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;

class DurableBackendFailureTest {

    @TempDir
    Path dir;

    /** An exception or an Error from the platform: the command fails, the next sync still runs. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "exception", "error" })
    void aFailingSyncFailsItsCommandAndReleasesTheWriteLock(String failure) {
        AtomicBoolean failNext = new AtomicBoolean();
        MVStore store = DurableH2Backend.openStore(dir.resolve("ledger.mv.db").toString());
        DurableH2Backend backend = new DurableH2Backend(store, true, collection -> false, () -> {
            if (failNext.getAndSet(false)) {
                if (failure.equals("error")) {
                    throw new AssertionError("not an exception: an error of the platform");
                }
                throw new IllegalStateException("disk full");
            }
            store.sync();
        });
        MongoServer server = new MongoServer(backend);
        var address = server.bind();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .applyToSocketSettings(s -> s.readTimeout(5, TimeUnit.SECONDS))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS)).build())) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.insertOne(new Document("_id", 1));

            failNext.set(true);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", 2))).as("not acknowledged")
                    .isInstanceOf(MongoException.class);

            assertThat(backend.writeLocked()).as("the write lock is released after a failed sync").isFalse();
            docs.insertOne(new Document("_id", 3)); // a sync left marked as running would hang here
            assertThat(docs.countDocuments()).isEqualTo(3);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void theStoreNeverCommitsByItselfNotEvenWhenItsWriteBufferFills() {
        MVStore store = DurableH2Backend.openStore(dir.resolve("ledger.mv.db").toString());
        try {
            // MVStore commits on its own once unsaved changes pass this many bytes (19 MB by default),
            // whatever the auto-commit delay: that commit could land half-way through a command.
            assertThat(store.getAutoCommitMemory()).isZero();
            assertThat(store.getAutoCommitDelay()).isZero();
        } finally {
            store.close();
        }
    }
}
