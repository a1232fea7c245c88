package io.ledger.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.ledger.storage.EmbeddedMongo;

/**
 * One embedded server per test JVM, on a temporary directory; every caller gets a database of its
 * own so tests never see each other's data.
 */
public final class TestMongo {

    private static EmbeddedMongo server;
    private static MongoClient client;

    private TestMongo() {
    }

    public static synchronized MongoDatabase freshDatabase() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("ledger-test-mongo");
                server = EmbeddedMongo.start(dir, "127.0.0.1", 0, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            client = MongoClients.create(server.connectionString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                server.close();
            }));
        }
        return client.getDatabase("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }
}
