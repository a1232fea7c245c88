package io.ledger.storage;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.ledger.testsupport.TestMongo;

/**
 * Stock mongo-java-server encodes a findAndModify reply after releasing the document, so two
 * concurrent {@code $inc} calls could both be told the same value. The event store reserves
 * global positions this way; this pins down that the durable backend hands out each value once.
 */
class EmbeddedAtomicityTest {

    @Test
    void concurrentIncrementsEachSeeTheirOwnValue() throws Exception {
        var counters = TestMongo.freshDatabase().getCollection("counters");
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            runs.add(pool.submit(() -> {
                for (int i = 0; i < 250; i++) {
                    Document counter = counters.findOneAndUpdate(eq("_id", "x"), Updates.inc("v", 1L),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                    assertThat(seen.add(counter.getLong("v"))).as("value handed out twice: " + counter).isTrue();
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();
        assertThat(seen).hasSize(2000);
        assertThat(counters.find(eq("_id", "x")).first().getLong("v")).isEqualTo(2000L);
    }
}
