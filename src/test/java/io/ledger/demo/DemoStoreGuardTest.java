package io.ledger.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.ledger.LedgerApplication;
import io.ledger.storage.EmbeddedMongo;
import io.ledger.storage.StorageProperties;
import io.ledger.testsupport.TestMongo;

class DemoStoreGuardTest {

    private static StorageProperties embedded() {
        return new StorageProperties(null, "ledger", Path.of("./data"), "127.0.0.1", 0, false, false);
    }

    @Test
    void neverAgainstAReplicaSet() {
        StorageProperties replicaSet = new StorageProperties("mongodb://db.example:27017/ledger", "ledger",
                Path.of("./data"), "127.0.0.1", 0, false, false);
        assertThatThrownBy(() -> new DemoStoreGuard(replicaSet).check(TestMongo.freshDatabase()))
                .hasMessageContaining("never runs against MONGODB_URI");
    }

    @Test
    void anEmptyStoreBecomesTheDemosAndStaysSo() {
        MongoDatabase database = TestMongo.freshDatabase();
        new DemoStoreGuard(embedded()).check(database);
        assertThat(database.getCollection(DemoStoreGuard.MARKER_COLLECTION).countDocuments()).isEqualTo(1);
        database.getCollection("events").insertOne(new Document("_id", 1L));
        assertThatCode(() -> new DemoStoreGuard(embedded()).check(database)).doesNotThrowAnyException();
    }

    @Test
    void aStoreWithOtherHistoryIsRefused() {
        MongoDatabase database = TestMongo.freshDatabase();
        database.getCollection("events").insertOne(new Document("_id", 1L));
        assertThatThrownBy(() -> new DemoStoreGuard(embedded()).check(database))
                .hasMessageContaining("history that the demo did not create");
        assertThat(database.getCollection(DemoStoreGuard.MARKER_COLLECTION).countDocuments()).isZero();
    }

    @Test
    void theDemoApplicationDoesNotStartOnARealDataDirectory(@TempDir Path dataDir) {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0, false);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("ledger").getCollection("events").insertOne(new Document("_id", 1L));
        }
        assertThatThrownBy(() -> new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--ledger.storage.data-dir=" + dataDir, "--ledger.storage.embedded-port=0",
                "--ledger.storage.embedded-fsync=false", "--spring.profiles.active=demo",
                "--axoniq.update-checker.disabled=true"))
                .rootCause().hasMessageContaining("history that the demo did not create");
    }
}
