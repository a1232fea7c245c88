package io.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Writes that arrive while the disk is syncing share the next sync, and no reply, of a write or of
 * a read that could show one, goes out before the sync that covers it has ended.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void writesArrivingDuringASyncShareTheNextAndNoReplyPrecedesItsSync() throws Exception {
        CountDownLatch firstSyncMayEnd = new CountDownLatch(1);
        CountDownLatch firstSyncStarted = new CountDownLatch(1);
        AtomicInteger syncsStarted = new AtomicInteger();
        AtomicBoolean armed = new AtomicBoolean();
        MVStore store = DurableH2Backend.openStore(dir.resolve("ledger.mv.db").toString());
        DurableH2Backend backend = new DurableH2Backend(store, true, collection -> false, () -> {
            if (armed.get() && syncsStarted.incrementAndGet() == 1) {
                firstSyncStarted.countDown();
                await(firstSyncMayEnd);
            }
            store.sync();
        });
        MongoServer server = new MongoServer(backend);
        server.bind(new java.net.InetSocketAddress("127.0.0.1", 0), 1, 16); // one event-loop thread per client
        var address = server.getLocalAddress();
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
                .applyToConnectionPoolSettings(p -> p.maxSize(20))
                .applyToSocketSettings(s -> s.readTimeout(30, TimeUnit.SECONDS)).build())) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            docs.insertOne(new Document("_id", 0)); // the collection exists: later inserts are one commit each
            long syncsBefore = backend.syncs();
            long versionsBefore = backend.durableCommits();
            armed.set(true); // the next sync, the first write's, blocks until released

            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> docs.insertOne(new Document("_id", 1)), clients);
            assertThat(firstSyncStarted.await(30, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> others = new ArrayList<>();
            for (int i = 2; i <= 9; i++) {
                int id = i;
                others.add(CompletableFuture.runAsync(() -> docs.insertOne(new Document("_id", id)), clients));
            }
            waitFor(() -> backend.durableCommits() == versionsBefore + 9 && backend.waitingForSync() == 8);
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(
                    () -> docs.find().into(new ArrayList<>()).size(), clients);
            waitFor(() -> backend.waitingForSync() == 9);

            assertThat(first).as("the first write waits for its sync").isNotDone();
            assertThat(others).as("writes committed during the sync wait for a sync of their own")
                    .noneMatch(CompletableFuture::isDone);
            assertThat(read).as("a read that sees them waits too").isNotDone();

            firstSyncMayEnd.countDown();
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            first.get(30, TimeUnit.SECONDS);
            assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(10);
            assertThat(backend.syncs() - syncsBefore).as("nine writes, two syncs: the second covers eight")
                    .isEqualTo(2);
        } finally {
            firstSyncMayEnd.countDown();
            clients.shutdownNow();
            server.shutdownNow();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
