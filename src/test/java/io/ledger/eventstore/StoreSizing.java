package io.ledger.eventstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.mongodb.client.MongoDatabase;

import io.ledger.LedgerApplication;
import io.ledger.storage.LedgerStorage;
import io.ledger.testsupport.Http;

/**
 * Measures what the store holds per report, per event and per commit, by running the real application
 * (embedded store, fsync on, checkpoint key given) through its HTTP API with a realistic slice of a
 * programme: one program, agencies that each submit reports from several markets, officers who verify
 * (a few rejected, a few reversed), a budget that runs short and is increased, and three payouts per
 * agency (requested, approved by a second officer, settled). Then it reads every collection back as
 * raw BSON and prints document counts and sizes, the key sizes of every index the code creates, and
 * the command rate seen on the one program. See {@code docs/DEPLOYMENT.md}, "Sizing".
 *
 * <p>Run: {@code mvn -B -o -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test}, then {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.ledger.eventstore.StoreSizing REPORTS AGENCIES CLIENTS} (defaults 1000 20 4); system properties
 * {@code sizing.port} and {@code sizing.embedded-port} (default 0: free
 * ports). Results also in {@code target/store-sizing.md}.
 */
public final class StoreSizing {

    private static final String[] MARKETS = {"MY", "SG", "VN", "KH", "HK", "MO", "TW", "JP", "KR", "US", "GB", "DE"};

    private StoreSizing() {
    }

    public static void main(String[] args) throws Exception {
        int reports = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int agencies = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        System.setProperty("axoniq.update-checker.disabled", "true");
        Path dir = Files.createTempDirectory("ledger-sizing");
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + System.getProperty("sizing.port", "0"),
                "--ledger.storage.data-dir=" + dir.resolve("data"),
                "--ledger.storage.embedded-port=" + System.getProperty("sizing.embedded-port", "0"),
                "--logging.level.root=WARN", "--axoniq.update-checker.disabled=true",
                "--ledger.hash-chain.key=" + ChainKey.generateEd25519()[0],
                "--ledger.users.officer1.password={noop}officer1", "--ledger.users.officer1.roles=FINANCE_OFFICER",
                "--ledger.users.officer2.password={noop}officer2", "--ledger.users.officer2.roles=FINANCE_OFFICER"));
        for (int a = 0; a < agencies; a++) {
            arguments.add("--ledger.users." + user(a) + ".password={noop}" + user(a));
            arguments.add("--ledger.users." + user(a) + ".roles=AGENCY");
            arguments.add("--ledger.users." + user(a) + ".agency=" + agency(a));
        }
        StringBuilder out = new StringBuilder();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LedgerApplication.class)
                .run(arguments.toArray(String[]::new))) {
            Http http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            MongoDatabase database = app.getBean(LedgerStorage.class).database();
            String o1 = "officer1";
            String o2 = "officer2";
            for (int a = 0; a < agencies; a++) {
                ok(http.post("/api/agencies", o1, "{\"agencyId\":\"" + agency(a) + "\",\"name\":\"Travel agency " + a
                        + "\",\"licenseNo\":\"L-HN-" + (1000 + a) + "\"}"));
            }
            // a budget of about 90 % of what the reports will earn: the last verifications are partly unfunded
            long budget = reports * 2_100L;
            ok(http.post("/api/programs", o1, "{\"programId\":\"HN2026\",\"name\":\"Inbound tourism incentives 2026\","
                    + "\"fiscalYear\":2026,\"currency\":\"CNY\",\"budget\":\"" + budget + "\",\"agencyAnnualCap\":\"3000000\","
                    + "\"rules\":{\"headcount\":{\"minNights\":1,\"tiers\":[{\"fromTourist\":1,\"ratePerTourist\":\"50.00\"},"
                    + "{\"fromTourist\":5001,\"ratePerTourist\":\"80.00\"}]},\"largeGroup\":{\"minGroupSize\":30,"
                    + "\"subsidyPerGroup\":\"3000.00\"},\"pioneering\":{\"awardPerNewMarket\":\"10000.00\",\"minTourists\":10,"
                    + "\"minNights\":1}}}"));
            for (int a = 0; a < agencies; a++) {
                ok(http.post("/api/programs/HN2026/enrollments", o1, "{\"agencyId\":\"" + agency(a) + "\"}"));
            }
            Phase submit = run(clients, reports, r -> http.post("/api/programs/HN2026/reports", user(r % agencies),
                    "{\"reportId\":\"R" + r + "\",\"agencyId\":\"" + agency(r % agencies) + "\",\"groupRef\":\"GRP-"
                            + r + "\",\"sourceMarket\":\"" + MARKETS[(r / agencies) % MARKETS.length] + "\",\"tourists\":"
                            + (8 + r % 33) + ",\"nights\":" + (1 + r % 4) + ",\"arrivalDate\":\"2026-0" + (1 + r % 9)
                            + "-1" + (r % 9) + "\"}"));
            Phase decide = run(clients, reports, r -> r % 20 == 7
                    ? http.post("/api/programs/HN2026/reports/R" + r + "/rejection", o1,
                            "{\"reason\":\"group list does not match the hotel records\"}")
                    : http.post("/api/programs/HN2026/reports/R" + r + "/verification", o2, null));
            for (int r = 3; r < reports; r += 100) {
                if (r % 20 != 7) {
                    ok(http.post("/api/programs/HN2026/reports/R" + r + "/reversal", o1,
                            "{\"reason\":\"duplicate claim found by the audit\"}"));
                }
            }
            ok(http.post("/api/programs/HN2026/budget-increases", o1, "{\"increaseId\":\"INC-1\",\"amount\":\""
                    + budget / 5 + "\",\"reason\":\"supplementary budget approved by the finance bureau\"}"));
            int payouts = 0;
            for (int round = 0; round < 3; round++) {
                for (int a = 0; a < agencies; a++) {
                    String balance = http.get("/api/programs/HN2026/agencies/" + agency(a) + "/balance", o1).json()
                            .get("outstanding").asText();
                    long amount = new java.math.BigDecimal(balance).longValue() / 3;
                    if (amount < 1) {
                        continue;
                    }
                    String id = "PAY-" + agency(a) + "-" + round;
                    ok(http.post("/api/programs/HN2026/payouts", o1, "{\"payoutId\":\"" + id + "\",\"agencyId\":\""
                            + agency(a) + "\",\"amount\":\"" + amount + "\"}"));
                    ok(http.post("/api/programs/HN2026/payouts/" + id + "/approval", o2, null));
                    ok(http.post("/api/programs/HN2026/payouts/" + id + "/settlement", o1, "{\"bankReference\":\"BOC-"
                            + id + "\",\"settledOn\":\"2026-11-2" + round + "\"}"));
                    payouts++;
                }
            }
            awaitChainLinked(database);
            out.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s; embedded store, fsync on. "
                    + "%,d reports, %d agencies, %d clients, %d payouts%n%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), reports, agencies, clients, payouts));
            out.append("| phase on one program | commands | non-2xx | commands/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|\n");
            out.append(submit.row("report submitted (agency users)")).append(decide.row("report verified or rejected"));
            for (java.util.function.Supplier<String> section : List.<java.util.function.Supplier<String>>of(
                    () -> events(database), () -> collections(database), () -> indexes(database),
                    () -> snapshots(database), () -> collStats(database))) {
                try {
                    out.append('\n').append(section.get());
                } catch (RuntimeException e) {
                    out.append("\n(section failed: ").append(e).append(")\n");
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%nH2 file of the embedded store after the run: %,d bytes%n",
                Files.size(dir.resolve("data").resolve("ledger.mv.db"))));
        System.out.println(out);
        Path file = Path.of("target", "store-sizing.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());
    }

    private static String user(int agency) {
        return "ag" + agency;
    }

    private static String agency(int agency) {
        return String.format(Locale.ROOT, "A%03d", agency);
    }

    private static void ok(Http.Response response) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
    }

    record Phase(int commands, int failures, double seconds, long[] nanos) {
        String row(String name) {
            return String.format(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f | %.1f |%n", name, commands, failures,
                    commands / seconds, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6);
        }
    }

    /** Sends commands 0 … n−1 from {@code clients} threads, each taking the next number. */
    private static Phase run(int clients, int n, IntFunction<Http.Response> command) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long[] nanos = new long[n];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    Http.Response response = command.apply(i);
                    nanos[i] = System.nanoTime() - t;
                    if (response.status() / 100 != 2) {
                        failures.incrementAndGet();
                        System.err.println(response.status() + " " + response.body());
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(nanos);
        return new Phase(n, failures.get(), seconds, nanos);
    }

    private static void awaitChainLinked(MongoDatabase database) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Document counter = database.getCollection("event_counters").find(new Document("_id", "globalPosition")).first();
            Document head = database.getCollection(HashChain.HEAD).find(new Document("_id", "head")).first();
            if (counter != null && head != null && ((Number) head.get("last")).longValue()
                    == ((Number) counter.get("last")).longValue()) {
                return;
            }
            LockSupport.parkNanos(200_000_000L);
        }
        throw new IllegalStateException("the hash chain did not catch up");
    }

    private static int size(BsonDocument document) {
        return new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
    }

    /** Commits by the type of their first event: count, events, bytes; and what an event's parts weigh. */
    private static String events(MongoDatabase database) {
        Map<String, long[]> byKind = new TreeMap<>();
        long payload = 0;
        long metadata = 0;
        long events = 0;
        for (BsonDocument commit : database.getCollection("events", BsonDocument.class).find()) {
            String kind = commit.containsKey("void") ? "(void)" : shortType(commit.getArray("events"));
            long[] figures = byKind.computeIfAbsent(kind, k -> new long[3]);
            figures[0]++;
            figures[2] += size(commit);
            if (commit.containsKey("events")) {
                for (BsonValue event : commit.getArray("events")) {
                    figures[1]++;
                    events++;
                    payload += size(event.asDocument().getDocument(CommitFormat.PAYLOAD));
                    metadata += size(event.asDocument().getDocument(CommitFormat.METADATA));
                }
            }
        }
        StringBuilder table = new StringBuilder("| commit (first event) | commits | events | bytes/commit | bytes/event |\n"
                + "|---|---:|---:|---:|---:|\n");
        long commits = 0;
        long bytes = 0;
        for (Map.Entry<String, long[]> e : byKind.entrySet()) {
            long[] f = e.getValue();
            commits += f[0];
            bytes += f[2];
            table.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,.0f | %s |%n", e.getKey(), f[0], f[1],
                    (double) f[2] / f[0], f[1] == 0 ? "–" : String.format(Locale.ROOT, "%,.0f", (double) f[2] / f[1])));
        }
        table.append(String.format(Locale.ROOT, "| **all** | %,d | %,d | %,.0f | %,.0f |%n", commits, events,
                (double) bytes / commits, (double) bytes / events));
        table.append(String.format(Locale.ROOT, "%nPer event: payload %,.0f bytes, metadata %,.0f bytes (BSON)%n",
                (double) payload / events, (double) metadata / events));
        return table.toString();
    }

    /** Each snapshot's size beside the reports its aggregate held when it was taken (a program holds them all). */
    private static String snapshots(MongoDatabase database) {
        StringBuilder lines = new StringBuilder();
        for (BsonDocument snapshot : database.getCollection("snapshots", BsonDocument.class).find()) {
            long sequence = snapshot.getNumber(CommitFormat.SEQUENCE).longValue();
            String id = snapshot.getString("_id").getValue();
            long reports = 0;
            for (BsonDocument commit : database.getCollection("events", BsonDocument.class).find()) {
                if (commit.containsKey("events") && id.equals(text(commit, "aggregateId"))) {
                    for (BsonValue e : commit.getArray("events")) {
                        BsonDocument d = e.asDocument();
                        if (d.getString("payloadType").getValue().endsWith("TouristCountReported")
                                && d.getNumber("sequence").longValue() <= sequence) {
                            reports++;
                        }
                    }
                }
            }
            lines.append(String.format(Locale.ROOT, "Snapshot of `%s` at sequence %,d: %,d bytes, %,d reports held "
                    + "(%,.0f bytes per report)%n", id, sequence, size(snapshot), reports,
                    reports == 0 ? 0.0 : (double) size(snapshot) / reports));
        }
        return lines.toString();
    }

    private static String text(BsonDocument document, String field) {
        BsonValue value = document.get(field);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

    /** What the server itself says of the events collection, if it answers {@code collStats}. */
    private static String collStats(MongoDatabase database) {
        try {
            Document stats = database.runCommand(new Document("collStats", "events"));
            stats.keySet().retainAll(List.of("count", "size", "avgObjSize", "storageSize", "nindexes", "totalIndexSize",
                    "indexSizes"));
            return "collStats of `events` on the embedded server: `" + stats.toJson() + "`\n";
        } catch (RuntimeException e) {
            return "collStats of `events` on the embedded server: not answered (" + e.getMessage() + ")\n";
        }
    }

    /** The BSON bytes of a value alone: no type byte, no field name. */
    private static long valueSize(BsonValue value) {
        return size(new BsonDocument("", value)) - 7;
    }

    private static String shortType(BsonArray events) {
        String type = events.get(0).asDocument().getString("payloadType").getValue();
        return type.substring(type.lastIndexOf('$') + 1);
    }

    private static String collections(MongoDatabase database) {
        StringBuilder table = new StringBuilder("| collection | documents | bytes | bytes/document | largest |\n"
                + "|---|---:|---:|---:|---:|\n");
        List<String> names = database.listCollectionNames().into(new ArrayList<>());
        names.sort(null);
        for (String name : names) {
            long count = 0;
            long bytes = 0;
            long largest = 0;
            for (BsonDocument document : database.getCollection(name, BsonDocument.class).find()) {
                int s = size(document);
                count++;
                bytes += s;
                largest = Math.max(largest, s);
            }
            table.append(String.format(Locale.ROOT, "| `%s` | %,d | %,d | %,.0f | %,d |%n", name, count, bytes,
                    count == 0 ? 0.0 : (double) bytes / count, largest));
        }
        return table.toString();
    }

    /** Every index the code made, with the average BSON size of the keys it holds (a multikey index: one per element). */
    private static String indexes(MongoDatabase database) {
        StringBuilder table = new StringBuilder("| collection | index | keys | key bytes/entry |\n|---|---|---:|---:|\n");
        List<String> names = database.listCollectionNames().into(new ArrayList<>());
        names.sort(null);
        for (String name : names) {
            for (Document index : database.getCollection(name).listIndexes()) {
                Document key = index.get("key", Document.class);
                long entries = 0;
                long bytes = 0;
                for (BsonDocument document : database.getCollection(name, BsonDocument.class).find()) {
                    List<List<BsonValue>> fields = new ArrayList<>();
                    for (String field : key.keySet()) {
                        BsonValue value = document.get(field);
                        fields.add(value == null ? List.of() : value.isArray() ? value.asArray().getValues() : List.of(value));
                    }
                    if (fields.isEmpty() || fields.get(0).isEmpty()) {
                        continue;
                    }
                    long rest = 0; // later fields of a compound key (none of ours is an array)
                    for (int f = 1; f < fields.size(); f++) {
                        rest += fields.get(f).stream().mapToLong(StoreSizing::valueSize).sum();
                    }
                    for (BsonValue value : fields.get(0)) {
                        entries++;
                        bytes += valueSize(value) + rest;
                    }
                }
                table.append(String.format(Locale.ROOT, "| `%s` | `%s`%s | %,d | %,.1f |%n", name, key.toJson(),
                        Boolean.TRUE.equals(index.get("unique")) ? " unique" : "", entries,
                        entries == 0 ? 0.0 : (double) bytes / entries));
            }
        }
        return table.toString();
    }
}
