package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

import io.ledger.api.Money;
import io.ledger.audit.AuditService;
import io.ledger.audit.FoldCheckpoints;
import io.ledger.audit.Reconciliation;
import io.ledger.eventstore.EventSerialization;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.storage.EmbeddedMongo;

/**
 * A full rebuild of the incentive read models from 200 thousand stored events, beside the raw
 * read rate of the same documents, and the time of a point-in-time balance of one program.
 * Run with {@code mvn -Pbenchmark verify}; results in {@code target/benchmark-rebuild.md}.
 */
public final class RebuildBenchmark {

    private static final int TARGET_EVENTS = 200_000;
    private static final int PROGRAMS = 20;
    private static final int AGENCIES = 10;

    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ledger-rebuild-bench");
        StringBuilder report = new StringBuilder();
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir, "127.0.0.1", 0, true);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoDatabase database = client.getDatabase("bench");
            LedgerEventStorageEngine engine = LedgerEventStorageEngine.builder().database(database)
                    .eventSerializer(EventSerialization.serializer())
                    .snapshotSerializer(EventSerialization.serializer()).build();
            Instant filledFrom = Instant.now();
            long stored = fill(database, EventSerialization.serializer());
            Instant filledTo = Instant.now();

            long start = System.nanoTime();
            long rawDocuments = 0;
            long rawEvents = 0;
            MongoCollection<BsonDocument> events = database.getCollection("events", BsonDocument.class);
            for (long p = 1; p <= stored; p += 256) {
                List<BsonInt64> ids = new ArrayList<>();
                for (long q = p; q < p + 256 && q <= stored; q++) {
                    ids.add(new BsonInt64(q));
                }
                for (BsonDocument commit : events.find(in("_id", ids))) {
                    rawDocuments++;
                    rawEvents += commit.getArray("events").size();
                }
            }
            double rawSeconds = (System.nanoTime() - start) / 1e9;

            Reconciliation reconciliation = new Reconciliation(engine, database, (g, p, t) -> true);
            Reconciliation.Report rebuild = reconciliation.reconcile(IncentiveCollections.PROCESSING_GROUP, true);

            AuditService audit = new AuditService(engine, database);
            long[] nanos = new long[20];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                audit.balanceAsOf("P" + (i % PROGRAMS), "A" + (i % AGENCIES), Instant.now()).orElseThrow();
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);

            // the same answers from the fold's checkpoints, at two spacings, each from none stored:
            // the first answer per program writes them
            java.util.Map<Integer, long[]> colds = new java.util.LinkedHashMap<>();
            java.util.Map<Integer, long[]> warms = new java.util.LinkedHashMap<>();
            for (int every : new int[] {200, 100}) {
                database.getCollection(FoldCheckpoints.COLLECTION).drop();
                AuditService checkpointed = new AuditService(engine, database, new FoldCheckpoints(database, every,
                        "a benchmark's checkpoint key, 32 bytes or more".getBytes(), true));
                long[] cold = new long[PROGRAMS];
                for (int p = 0; p < PROGRAMS; p++) {
                    long t = System.nanoTime();
                    checkpointed.balanceAsOf("P" + p, "A0", filledTo.plusSeconds(1)).orElseThrow();
                    cold[p] = System.nanoTime() - t;
                }
                Arrays.sort(cold);
                java.util.Random random = new java.util.Random(11);
                long span = java.time.Duration.between(filledFrom, filledTo).toMillis() + 1;
                long[] warm = new long[400];
                for (int i = 0; i < warm.length; i++) {
                    Instant asOf = filledFrom.plusMillis(random.nextLong(span));
                    long t = System.nanoTime();
                    checkpointed.balanceAsOf("P" + random.nextInt(PROGRAMS), "A" + random.nextInt(AGENCIES), asOf);
                    warm[i] = System.nanoTime() - t;
                }
                Arrays.sort(warm);
                colds.put(every, cold);
                warms.put(every, warm);
            }

            report.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s; embedded server, fsync on%n%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
            report.append("| figure | value |\n|---|---:|\n");
            report.append(String.format(Locale.ROOT, "| events stored | %,d in %,d commits |%n", rawEvents, rawDocuments));
            report.append(String.format(Locale.ROOT, "| raw read of the same documents, events/s | %,.0f |%n",
                    rawEvents / rawSeconds));
            report.append(String.format(Locale.ROOT, "| full rebuild of the incentive read models, events/s | %,.0f |%n",
                    rebuild.replayEventsPerSecond()));
            report.append(String.format(Locale.ROOT, "| rebuild: events replayed | %,d |%n", rebuild.eventsReplayed()));
            report.append(String.format(Locale.ROOT, "| rebuild, wall time incl. comparison, s | %.1f |%n",
                    java.time.Duration.between(rebuild.startedAt(), rebuild.finishedAt()).toMillis() / 1000.0));
            report.append(String.format(Locale.ROOT,
                    "| point-in-time balance, one program of %,d events: median / max ms | %.0f / %.0f |%n",
                    TARGET_EVENTS / PROGRAMS, nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6));
            for (int every : colds.keySet()) {
                long[] cold = colds.get(every);
                long[] warm = warms.get(every);
                report.append(String.format(Locale.ROOT, "| the same from fold checkpoints (every %d events), first "
                        + "answer per program: median / max ms | %.0f / %.0f |%n", every, cold[cold.length / 2] / 1e6,
                        cold[cold.length - 1] / 1e6));
                report.append(String.format(Locale.ROOT, "| the same from fold checkpoints (every %d events), %d "
                        + "answers at random instants: p50 / p99 / max ms | %.1f / %.1f / %.1f |%n", every, warm.length,
                        warm[warm.length / 2] / 1e6, warm[warm.length * 99 / 100] / 1e6, warm[warm.length - 1] / 1e6));
            }
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmark-rebuild.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    /** Twenty programs of ten agencies; each report is two commits: submitted, then verified and accrued. */
    private static long fill(MongoDatabase database, Serializer serializer) {
        MongoCollection<BsonDocument> events = database.getCollection("events", BsonDocument.class);
        long position = 0;
        long count = 0;
        List<BsonDocument> batch = new ArrayList<>();
        long[] sequence = new long[PROGRAMS];
        AwardRules rules = new AwardRules(new AwardRules.Headcount(0, List.of(new AwardRules.Tier(1, Money.parse("50")))),
                null, null);
        for (int p = 0; p < PROGRAMS; p++) {
            List<EventMessage<?>> opening = new ArrayList<>();
            opening.add(event(p, sequence[p]++, new ProgramOpened("P" + p, "Program " + p, 2025, "CNY",
                    Money.parse("900000000"), Money.parse("3000000"), rules, List.of("MY"))));
            for (int a = 0; a < AGENCIES; a++) {
                opening.add(event(p, sequence[p]++, new AgencyEnrolled("P" + p, "A" + a, Money.parse("3000000"))));
            }
            batch.add(LedgerEventStorageEngine.commitDocument(opening, serializer, position + 1));
            position += opening.size();
            count += opening.size();
        }
        for (int r = 0; count < TARGET_EVENTS; r++) {
            int p = r % PROGRAMS;
            String programId = "P" + p;
            String agency = "A" + (r / PROGRAMS % AGENCIES);
            String reportId = "R" + r;
            List<EventMessage<?>> submitted = List.of(event(p, sequence[p]++, new TouristCountReported(programId,
                    reportId, agency, "G" + r, "MY", 12, 2, LocalDate.of(2025, 5, 2), agency)));
            batch.add(LedgerEventStorageEngine.commitDocument(submitted, serializer, position + 1));
            position += 1;
            List<EventMessage<?>> verified = List.of(
                    event(p, sequence[p]++, new ReportVerified(programId, reportId, agency, "officer1",
                            Money.parse("600"), Money.ZERO, Money.ZERO, Money.parse("600"), true)),
                    event(p, sequence[p]++, new AwardAccrued(programId, reportId, agency, Money.parse("600"))));
            batch.add(LedgerEventStorageEngine.commitDocument(verified, serializer, position + 1));
            position += 2;
            count += 3;
            if (batch.size() >= 1_000) {
                events.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            events.insertMany(batch);
        }
        database.getCollection("event_counters").replaceOne(eq("_id", "globalPosition"),
                new Document("_id", "globalPosition").append("last", position), new ReplaceOptions().upsert(true));
        return position;
    }

    private static GenericDomainEventMessage<?> event(int program, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Program", "program:P" + program, sequence, payload);
    }
}
