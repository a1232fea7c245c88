package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

import io.ledger.eventstore.EventSerialization;
import io.ledger.storage.EmbeddedMongo;

/**
 * The event store against the raw driver on the embedded server, at 10 thousand and 200 thousand
 * stored events. Run with {@code mvn -Pbenchmark verify}; results go to stdout and
 * {@code target/benchmark-event-store.md}.
 */
public final class EventStoreBenchmark {

    record Deposit(String accountId, long amountFen, String note) {
    }

    private static final int APPEND_COMMITS = 2_000;
    private static final int LOADS = 500;
    private static final int TRACKED_EVENTS = 10_000;
    private static final int EVENTS_PER_FILLED_AGGREGATE = 10;

    private final MongoDatabase database;
    private final LedgerEventStorageEngine engine;
    private final MongoCollection<BsonDocument> events;
    private final MongoCollection<BsonDocument> raw;
    private final BsonDocument template;
    private long filled;
    private long fillIndex;

    private EventStoreBenchmark(MongoDatabase database) {
        this.database = database;
        this.engine = LedgerEventStorageEngine.builder().database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer()).build();
        this.events = database.getCollection("events", BsonDocument.class);
        this.raw = database.getCollection("raw", BsonDocument.class);
        // the same unique indexes as the events collection, so both sides maintain the same structures
        raw.createIndex(com.mongodb.client.model.Indexes.ascending("aggregateKey"),
                new com.mongodb.client.model.IndexOptions().unique(true));
        engine.appendEvents(List.of(message("template", 0)));
        this.template = events.find(eq("_id", 1L)).first();
        this.filled = 1;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ledger-bench");
        StringBuilder report = new StringBuilder();
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0, true);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            EventStoreBenchmark bench = new EventStoreBenchmark(client.getDatabase("bench"));
            report.append(String.format(Locale.ROOT, "Machine: %d cores, %s, Java %s; embedded server, fsync on%n%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                    System.getProperty("java.version")));
            report.append("| stored events | figure | event store | raw driver | store / raw |\n");
            report.append("|---:|---|---:|---:|---:|\n");
            bench.warmUp();
            for (int size : new int[] {10_000, 200_000}) {
                bench.fillTo(size);
                bench.measure(size, report);
            }
            report.append(String.format(Locale.ROOT, "%nH2 file after the run: %d MB%n",
                    Files.size(mongo.file()) / (1024 * 1024)));
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmark-event-store.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private static GenericDomainEventMessage<Deposit> message(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Account", aggregateId, sequence,
                new Deposit(aggregateId, 12_345, "inbound group of 30 from MY, 3 nights"));
    }

    /** Copies of a real commit document, written in bulk, to reach the wanted history quickly. */
    private void fillTo(int size) {
        filled = engine.highWaterMark();
        List<BsonDocument> batch = new ArrayList<>();
        List<BsonDocument> rawBatch = new ArrayList<>();
        while (filled < size) {
            long position = filled + 1;
            long aggregate = fillIndex / EVENTS_PER_FILLED_AGGREGATE;
            long sequence = fillIndex % EVENTS_PER_FILLED_AGGREGATE;
            batch.add(commit(position, "fill-" + aggregate, sequence));
            rawBatch.add(rawDocument(position));
            filled++;
            fillIndex++;
            if (batch.size() == 1_000 || filled == size) {
                events.insertMany(batch);
                raw.insertMany(rawBatch);
                batch.clear();
                rawBatch.clear();
            }
        }
        database.getCollection("event_counters").replaceOne(eq("_id", "globalPosition"),
                new Document("_id", "globalPosition").append("last", filled), new ReplaceOptions().upsert(true));
    }

    private BsonDocument commit(long position, String aggregateId, long sequence) {
        BsonDocument commit = template.clone();
        commit.put("_id", new BsonInt64(position));
        commit.put("last", new BsonInt64(position));
        commit.put("aggregateKey", new BsonString(aggregateId + "@" + sequence));
        commit.put("aggregateId", new BsonString(aggregateId));
        commit.put("firstSequence", new BsonInt64(sequence));
        commit.put("lastSequence", new BsonInt64(sequence));
        commit.put("commitId", new BsonString(UUID.randomUUID().toString()));
        BsonDocument event = commit.getArray("events").get(0).asDocument().clone();
        event.put("eventId", new BsonString(UUID.randomUUID().toString()));
        event.put("sequence", new BsonInt64(sequence));
        commit.put("events", new org.bson.BsonArray(List.of(event)));
        return commit;
    }

    private BsonDocument rawDocument(long id) {
        BsonDocument document = commit(id, "raw-" + id, 0);
        document.put("aggregateKey", new BsonString("raw-" + id));
        return document;
    }

    /** Lets the JIT compile both paths before anything is timed. */
    private void warmUp() throws Exception {
        AtomicInteger n = new AtomicInteger();
        rate(3_000, 2, i -> engine.appendEvents(List.of(message("warm-" + (i % 100), n.getAndIncrement() / 100))));
        rate(3_000, 2, i -> raw.insertOne(rawDocument(-1 - (long) i)));
        rate(3_000, 1, i -> database.getCollection("event_counters").find(eq("_id", "globalPosition")).first());
        long start = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            database.getCollection("scratch").findOneAndUpdate(eq("_id", "c"), com.mongodb.client.model.Updates.inc("v", 1L),
                    new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true));
        }
        System.out.printf("findOneAndUpdate $inc alone: %.3f ms%n", (System.nanoTime() - start) / 2_000 / 1e6);
        start = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            raw.insertOne(rawDocument(-100_000 - (long) i));
        }
        System.out.printf("insertOne alone: %.3f ms%n", (System.nanoTime() - start) / 2_000 / 1e6);
        start = System.nanoTime();
        var serializer = EventSerialization.serializer();
        for (int i = 0; i < 2_000; i++) {
            var m = message("x", i);
            BsonJson.toBson(serializer.serialize(m.getPayload(), com.fasterxml.jackson.databind.JsonNode.class).getData());
            BsonJson.toBson(serializer.serialize(m.getMetaData(), com.fasterxml.jackson.databind.JsonNode.class).getData());
        }
        System.out.printf("serialize alone: %.3f ms%n", (System.nanoTime() - start) / 2_000 / 1e6);
    }

    private void measure(int size, StringBuilder report) throws Exception {
        String tag = "s" + size;
        AtomicInteger rawIds = new AtomicInteger();
        long rawBase = 10_000_000L * (size / 10_000);
        for (int threads : new int[] {1, 4}) {
            AtomicInteger next = new AtomicInteger();
            double store = rate(APPEND_COMMITS, threads, i -> {
                int n = next.getAndIncrement();
                String aggregate = tag + "-t" + threads + "-" + (n % 200);
                engine.appendEvents(List.of(message(aggregate, n / 200)));
            });
            double rawRate = rate(APPEND_COMMITS, threads,
                    i -> raw.insertOne(rawDocument(rawBase + rawIds.incrementAndGet())));
            row(report, size, "append commits/s, " + threads + " thread" + (threads > 1 ? "s" : ""), store, rawRate);
        }

        long[] storeNanos = new long[LOADS];
        long[] rawNanos = new long[LOADS];
        long aggregates = fillIndex / EVENTS_PER_FILLED_AGGREGATE;
        for (int i = 0; i < LOADS; i++) {
            String id = "fill-" + ThreadLocalRandom.current().nextLong(aggregates);
            long start = System.nanoTime();
            long count = engine.readEvents(id).asStream().count();
            storeNanos[i] = System.nanoTime() - start;
            if (count != EVENTS_PER_FILLED_AGGREGATE) {
                throw new IllegalStateException(id + " loaded " + count + " events");
            }
            List<String> keys = new ArrayList<>();
            for (int s = 0; s < 64; s++) {
                keys.add(id + "@" + s);
            }
            start = System.nanoTime();
            List<BsonDocument> docs = events.find(in("aggregateKey", keys)).into(new ArrayList<>());
            rawNanos[i] = System.nanoTime() - start;
            if (docs.size() != EVENTS_PER_FILLED_AGGREGATE) {
                throw new IllegalStateException(id + " raw " + docs.size());
            }
        }
        row(report, size, "aggregate load, mean ms", mean(storeNanos) / 1e6, mean(rawNanos) / 1e6);
        row(report, size, "aggregate load, p99 ms", p99(storeNanos) / 1e6, p99(rawNanos) / 1e6);

        long from = Math.max(0, size - TRACKED_EVENTS - 1);
        long start = System.nanoTime();
        long read = engine.readEvents(new GlobalSequenceTrackingToken(from), false).limit(TRACKED_EVENTS).count();
        double storeRead = read / ((System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        long rawRead = 0;
        for (long p = from + 1; p <= from + TRACKED_EVENTS; p += 256) {
            List<BsonInt64> ids = new ArrayList<>();
            for (long q = p; q < p + 256 && q <= from + TRACKED_EVENTS; q++) {
                ids.add(new BsonInt64(q));
            }
            for (BsonDocument ignored : events.find(in("_id", ids))) {
                rawRead++;
            }
        }
        double rawReadRate = rawRead / ((System.nanoTime() - start) / 1e9);
        row(report, size, "tracking read events/s", storeRead, rawReadRate);
    }

    private static void row(StringBuilder report, int size, String figure, double store, double raw) {
        String line = String.format(Locale.ROOT, "| %,d | %s | %,.2f | %,.2f | %.0f %% |%n", size, figure, store, raw,
                100 * store / raw);
        report.append(line);
        System.out.print(line);
    }

    private static double rate(int operations, int threads, IntConsumer operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger counter = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            runs.add(pool.submit(() -> {
                for (int i = counter.getAndIncrement(); i < operations; i = counter.getAndIncrement()) {
                    operation.accept(i);
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return operations / seconds;
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static double p99(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    private EventStoreBenchmark() {
        throw new UnsupportedOperationException();
    }
}
