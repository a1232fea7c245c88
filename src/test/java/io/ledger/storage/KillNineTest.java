package io.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.LedgerEventStorageEngine;

/**
 * A child JVM writes to the embedded server as fast as it can and is killed with SIGKILL. After a
 * restart on the same directory, every write it had acknowledged is there, and its tracking reader
 * resumes from its token with no gap.
 */
class KillNineTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesAKill(@TempDir Path dataDir) throws Exception {
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "-Daxoniq.update-checker.disabled=true", CrashingWriter.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        Set<Long> raw = new HashSet<>();
        Map<String, Long> acked = new HashMap<>();
        int acks = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts[0].equals("RAW")) {
                    raw.add(Long.parseLong(parts[1]));
                    acks++;
                } else if (parts[0].equals("ACK")) {
                    acked.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                    acks++;
                }
                if (acks >= ACKS_BEFORE_KILL) {
                    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no final commit
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed, not exited").isEqualTo(137);
        assertThat(acks).as("the child wrote before it was killed").isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0, true);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase("ledger");
            for (long n : raw) {
                assertThat(database.getCollection("raw").countDocuments(Filters.eq("_id", n)))
                        .as("acknowledged raw write " + n).isEqualTo(1);
            }
            AtomicLong clock = new AtomicLong();
            Duration sealAfter = Duration.ofSeconds(10);
            LedgerEventStorageEngine engine = LedgerEventStorageEngine.builder().database(database)
                    .eventSerializer(EventSerialization.serializer()).snapshotSerializer(EventSerialization.serializer())
                    .sealTimeout(sealAfter).nanoClock(clock::get).build();
            for (Map.Entry<String, Long> entry : acked.entrySet()) {
                List<Long> sequences = engine.readEvents(entry.getKey()).asStream()
                        .map(DomainEventMessage::getSequenceNumber).toList();
                assertThat(sequences).as("events of " + entry.getKey())
                        .startsWith(java.util.stream.LongStream.rangeClosed(0, entry.getValue()).boxed().toArray(Long[]::new));
            }

            long token = CrashingWriter.storedToken(database);
            List<Long> resumed = new ArrayList<>();
            for (int round = 0; round < 1_000; round++) {
                List<TrackedEventMessage<?>> batch = new ArrayList<>();
                long from = resumed.isEmpty() ? token : resumed.get(resumed.size() - 1);
                engine.readEvents(from == 0 ? null : new GlobalSequenceTrackingToken(from), false).forEach(batch::add);
                for (TrackedEventMessage<?> message : batch) {
                    resumed.add(CrashingWriter.position(message.trackingToken()));
                    database.getCollection("seen").replaceOne(Filters.eq("_id", message.getIdentifier()),
                            new Document("_id", message.getIdentifier()), new ReplaceOptions().upsert(true));
                }
                long last = resumed.isEmpty() ? token : resumed.get(resumed.size() - 1);
                if (batch.isEmpty() && engine.readableHead() >= engine.highWaterMark()) {
                    break;
                }
                if (batch.isEmpty()) {
                    clock.addAndGet(sealAfter.toNanos()); // positions the dead writers had reserved
                }
            }
            assertThat(engine.checkPositions()).as("every position held exactly once once readers have sealed "
                    + "what the dead writers reserved").satisfies(c -> assertThat(c.holds()).as(c.toString()).isTrue());
            assertThat(resumed).as("resumed strictly after the token, in order").isSortedAccordingTo(Long::compare)
                    .doesNotHaveDuplicates().allMatch(p -> p > token);
            long stored = 0;
            Set<String> eventIds = new HashSet<>();
            for (String aggregate : acked.keySet()) {
                engine.readEvents(aggregate).asStream().forEach(e -> eventIds.add(e.getIdentifier()));
            }
            stored = eventIds.size();
            Set<String> seen = new HashSet<>();
            database.getCollection("seen").find().forEach(d -> seen.add(d.getString("_id")));
            assertThat(seen).as("the projection has every stored event, none missing").containsAll(eventIds);
            assertThat(seen).hasSize((int) stored);
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
