package io.ledger.nodes;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Three nodes on one store under load, killed with {@code kill -9}, as an operator would see it: node A
 * on its embedded store, B and C reaching it through {@code MONGODB_URI}, twelve keep-alive clients
 * split over the nodes submitting and verifying reports in one program, each retrying a request that
 * got no answer or a 5xx on the next node with the same client-chosen id (what a load balancer and a
 * careful client do). During the run C is killed (a node without the store), then A, the node
 * that hosts the store, and both are started again while the clients go on; no node is restarted
 * because of the other's death.
 *
 * <p>Afterwards: every acknowledged verification is a verified report on every node; each agency's
 * computed award equals the rate times the tourists of its acknowledged reports, its accrued award
 * stays within the cap, computed = accrued + capped + unfunded, the program's accrued stays within its
 * budget (both are set low enough to bind during the run), every node answers the same balances, the
 * program's totals folded from the events agree with them, and a reconciliation rebuilds the read model
 * from the events identically (nothing applied twice, nothing lost). Exits 1 if any of it fails.
 *
 * <p>Run on the packaged application, at production settings (fsync on, bcrypt users):
 * {@code mvn -B -Pbenchmark -DskipTests -Djacoco.skip=true package
 * org.codehaus.mojo:exec-maven-plugin:3.5.0:exec@nodes-under-fire}. Results: BENCHMARKS.md.
 */
public final class NodesUnderFire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 12;
    private static final BigDecimal RATE = new BigDecimal("10.00");
    /** Low enough that agencies reach their cap and the program its budget during the run. */
    private static final BigDecimal CAP = new BigDecimal("3000.00");
    private static final BigDecimal BUDGET = new BigDecimal("25000.00");
    private static final Duration GIVE_UP = Duration.ofMinutes(2);
    private static final String PROGRAM = "FIRE";

    private final Path out;
    private final Path jar;
    private final List<Node> nodes = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final long started = System.nanoTime();
    /** Reports whose verification was acknowledged: id → agency, tourists. */
    private final Map<String, Report> verified = new ConcurrentHashMap<>();
    private final AtomicLong acknowledged = new AtomicLong();
    /** Answers 409 CONCURRENT_MODIFICATION, which ask the client to send the request again. */
    private final AtomicLong conflicts = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    /** Longest a request took to come back with a 5xx: how long a client waits to learn the store is gone. */
    private final AtomicLong slowestRefusalMillis = new AtomicLong();

    private record Report(String agencyId, int tourists) {
    }

    private NodesUnderFire(Path jar, Path out) {
        this.jar = jar;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/incentive-ledger-0.1.0-SNAPSHOT.jar");
        Path out = Path.of(args.length > 1 ? args[1] : "target/nodes-under-fire");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: package the application first");
        }
        deleteRecursively(out);
        Files.createDirectories(out);
        int exit = 1;
        NodesUnderFire run = new NodesUnderFire(jar, out);
        try {
            exit = run.run() ? 0 : 1;
        } finally {
            run.nodes.forEach(Node::kill);
        }
        System.exit(exit);
    }

    private boolean run() throws Exception {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);
        List<String> users = new ArrayList<>();
        for (String[] user : new String[][] {{"officer1", "FINANCE_OFFICER"}, {"officer2", "FINANCE_OFFICER"},
                {"auditor", "AUDITOR"}}) {
            users.add("--ledger.users." + user[0] + ".password={bcrypt}" + bcrypt.encode(user[0]));
            users.add("--ledger.users." + user[0] + ".roles=" + user[1]);
        }
        int storePort = 18402;
        Node a = new Node("a", 18401, users, "--ledger.storage.embedded-port=" + storePort);
        String uri = "--ledger.storage.mongodb-uri=mongodb://127.0.0.1:" + storePort + "/ledger";
        Node b = new Node("b", 18411, users, uri);
        Node c = new Node("c", 18421, users, uri);
        nodes.addAll(List.of(a, b, c));
        a.start();
        a.awaitHealthy();
        b.start();
        c.start();
        b.awaitHealthy();
        c.awaitHealthy();
        log("three nodes up");

        Client setup = new Client(0);
        setup.expectCreated(a, "/api/programs", """
                {"programId":"%s","name":"Under fire","fiscalYear":2025,"currency":"CNY","budget":"%s",
                 "agencyAnnualCap":"%s","rules":{"headcount":{"minNights":1,
                 "tiers":[{"fromTourist":1,"ratePerTourist":"%s"}]}}}""".formatted(PROGRAM, BUDGET, CAP, RATE));
        for (int i = 0; i < CLIENTS; i++) {
            setup.expectCreated(a, "/api/agencies",
                    "{\"agencyId\":\"%s\",\"name\":\"Agency %d\",\"licenseNo\":\"L-%d\"}".formatted(agency(i), i, i));
            setup.expectCreated(a, "/api/programs/" + PROGRAM + "/enrollments",
                    "{\"agencyId\":\"%s\"}".formatted(agency(i)));
        }

        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Client client = new Client(i);
            Thread thread = new Thread(client::work, "client-" + i);
            thread.start();
            clients.add(thread);
        }
        phase("load on three nodes", Duration.ofSeconds(15));
        c.kill();
        phase("C killed", Duration.ofSeconds(15));
        a.kill();
        phase("A, the store's host, killed", Duration.ofSeconds(10));
        a.start();
        a.awaitHealthy();
        phase("A started again", Duration.ofSeconds(5));
        c.start();
        c.awaitHealthy();
        phase("C started again", Duration.ofSeconds(15));
        stop.set(true);
        for (Thread client : clients) {
            client.join(GIVE_UP.plusSeconds(30).toMillis());
        }
        log("load stopped: %d commands acknowledged, %d reports verified, slowest 5xx answer %d ms",
                acknowledged.get(), verified.size(), slowestRefusalMillis.get());
        check(setup);
        Files.write(out.resolve("problems.txt"), problems);
        Files.write(out.resolve("failed-attempts.txt"), failures);
        log("%d failed attempts (retried), of which %d lost a race on the program; %d problems", failures.size(),
                conflicts.get(), problems.size());
        problems.forEach(p -> System.out.println("PROBLEM " + p));
        return problems.isEmpty();
    }

    private void check(Client client) throws Exception {
        Map<String, BigDecimal> computed = new ConcurrentHashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            computed.put(agency(i), BigDecimal.ZERO.setScale(2));
        }
        verified.values().forEach(r -> computed.merge(r.agencyId(),
                RATE.multiply(BigDecimal.valueOf(r.tourists())), BigDecimal::add));
        BigDecimal total = computed.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, JsonNode> first = new ConcurrentHashMap<>();
        Sums sums = null;
        for (Node node : nodes) {
            Sums here = new Sums();
            for (Map.Entry<String, BigDecimal> agency : computed.entrySet()) {
                String name = "node " + node.name + ", " + agency.getKey();
                JsonNode balance = client.read(node, "/api/programs/" + PROGRAM + "/agencies/" + agency.getKey()
                        + "/balance", "officer1");
                ((com.fasterxml.jackson.databind.node.ObjectNode) balance).remove("asOf"); // when it was read
                JsonNode seen = first.putIfAbsent(agency.getKey(), balance);
                if (seen != null && !seen.equals(balance)) {
                    problems.add(name + ": balance " + balance + " differs from node a's " + seen);
                }
                BigDecimal fromReports = agency.getValue();
                BigDecimal computedHere = money(balance, "computed");
                BigDecimal accrued = money(balance, "accrued");
                BigDecimal capped = money(balance, "capped");
                BigDecimal unfunded = money(balance, "unfunded");
                if (computedHere.compareTo(fromReports) != 0) {
                    problems.add(name + ": computed " + computedHere + ", its acknowledged reports make " + fromReports);
                }
                if (accrued.compareTo(CAP) > 0) {
                    problems.add(name + ": accrued " + accrued + " above the cap " + CAP);
                }
                if (accrued.add(capped).add(unfunded).compareTo(computedHere) != 0) {
                    problems.add(name + ": accrued + capped + unfunded = " + accrued.add(capped).add(unfunded)
                            + ", computed " + computedHere);
                }
                here.add(computedHere, accrued, capped, unfunded);
            }
            if (here.accrued.compareTo(BUDGET) > 0) {
                problems.add("node " + node.name + ": accrued " + here.accrued + " in all, above the budget " + BUDGET);
            }
            sums = here;
            int notVerified = 0;
            for (String id : verified.keySet()) {
                JsonNode report = client.read(node, "/api/programs/" + PROGRAM + "/reports/" + id, "officer1");
                if (!"VERIFIED".equals(report.get("status").asText())) {
                    notVerified++;
                }
            }
            if (notVerified > 0) {
                problems.add("node " + node.name + ": " + notVerified + " acknowledged verifications not VERIFIED");
            }
            log("node %s: %d agencies' balances and %d reports checked", node.name, computed.size(), verified.size());
        }
        JsonNode totals = client.read(nodes.get(0), "/api/audit/programs/" + PROGRAM + "/totals", "auditor");
        Sums folded = new Sums();
        folded.add(money(totals, "computed"), money(totals, "accrued"), money(totals, "capped"),
                money(totals, "unfunded"));
        if (!folded.same(sums) || folded.computed.compareTo(total) != 0) {
            problems.add("program totals folded from the events " + folded + ", the balances " + sums
                    + ", the acknowledged reports computed " + total);
        }
        log("acknowledged reports computed %s over %d verified reports; the balances %s; folded from the events %s",
                total, verified.size(), sums, folded);
        HttpResponse<String> reconciled = client.send(nodes.get(0), "POST", "/api/audit/reconciliations", "auditor",
                "{\"projection\":\"incentive-ledger\"}");
        JsonNode report = JSON.readTree(reconciled.body());
        if (!report.path("identical").asBoolean(false)) {
            problems.add("reconciliation of incentive-ledger not identical: " + reconciled.body());
        }
        log("reconciliation: %s", reconciled.body());
    }

    private static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }

    /** A program's figures summed over its agencies, compared to the fen. */
    private static final class Sums {
        BigDecimal computed = BigDecimal.ZERO.setScale(2);
        BigDecimal accrued = BigDecimal.ZERO.setScale(2);
        BigDecimal capped = BigDecimal.ZERO.setScale(2);
        BigDecimal unfunded = BigDecimal.ZERO.setScale(2);

        void add(BigDecimal computed, BigDecimal accrued, BigDecimal capped, BigDecimal unfunded) {
            this.computed = this.computed.add(computed);
            this.accrued = this.accrued.add(accrued);
            this.capped = this.capped.add(capped);
            this.unfunded = this.unfunded.add(unfunded);
        }

        boolean same(Sums o) {
            return o != null && computed.compareTo(o.computed) == 0 && accrued.compareTo(o.accrued) == 0
                    && capped.compareTo(o.capped) == 0 && unfunded.compareTo(o.unfunded) == 0;
        }

        @Override
        public String toString() {
            return "computed " + computed + ", accrued " + accrued + ", capped " + capped + ", unfunded " + unfunded;
        }
    }

    private void phase(String name, Duration length) {
        long before = acknowledged.get();
        log("%s (%d s)", name, length.toSeconds());
        LockSupport.parkNanos(length.toNanos());
        log("  %d commands acknowledged in it (%.1f/s)", acknowledged.get() - before,
                (acknowledged.get() - before) / (double) length.toSeconds());
    }

    private void log(String format, Object... args) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, format.formatted(args));
    }

    private static String agency(int i) {
        return "F%02d".formatted(i);
    }

    /** One client: its own keep-alive connections, a home node, and the next node when one fails it. */
    private final class Client {
        private final int index;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Client(int index) {
            this.index = index;
        }

        void work() {
            int n = 0;
            try {
                while (!stop.get()) {
                    n++;
                    String id = "R-" + index + "-" + n;
                    int tourists = 1 + (index * 7 + n) % 20;
                    String body = """
                            {"reportId":"%s","agencyId":"%s","groupRef":"G-%s","sourceMarket":"MY","tourists":%d,
                             "nights":2,"arrivalDate":"2025-05-02"}""".formatted(id, agency(index), id, tourists);
                    untilAcknowledged("POST", "/api/programs/" + PROGRAM + "/reports", "officer1", body);
                    untilAcknowledged("POST", "/api/programs/" + PROGRAM + "/reports/" + id + "/verification",
                            "officer2", "{}");
                    verified.put(id, new Report(agency(index), tourists));
                }
            } catch (GaveUp e) {
                problems.add(e.getMessage());
            }
        }

        /** Sends until a node acknowledges, moving to the next node after no answer or a 5xx. */
        void untilAcknowledged(String method, String path, String user, String body) throws GaveUp {
            long deadline = System.nanoTime() + GIVE_UP.toNanos();
            int attempt = 0;
            while (true) {
                Node node = nodes.get((index + attempt) % nodes.size());
                long sent = System.nanoTime();
                String outcome;
                try {
                    HttpResponse<String> response = send(node, method, path, user, body);
                    int status = response.statusCode();
                    if (status / 100 == 2) {
                        acknowledged.incrementAndGet();
                        return;
                    }
                    outcome = status + " " + response.body();
                    if (status == 409 && response.body().contains("CONCURRENT_MODIFICATION")) {
                        conflicts.incrementAndGet(); // lost a race every server-side retry too: nothing stored
                    } else if (status / 100 == 4 && status != 429) {
                        throw new GaveUp(method + " " + path + " refused by " + node.name + ": " + outcome);
                    }
                    slowestRefusalMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent),
                            Math::max);
                } catch (IOException e) {
                    outcome = e.toString();
                }
                failures.add("%.1f s %s %s %s on %s after %d ms: %s".formatted((sent - started) / 1e9,
                        Thread.currentThread().getName(), method, path, node.name,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), outcome));
                if (System.nanoTime() > deadline) {
                    throw new GaveUp(method + " " + path + " not acknowledged within " + GIVE_UP + ": " + outcome);
                }
                attempt++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }

        HttpResponse<String> send(Node node, String method, String path, String user, String body) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        void expectCreated(Node node, String path, String body) throws IOException {
            HttpResponse<String> response = send(node, "POST", path, "officer1", body);
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
            }
        }

        JsonNode read(Node node, String path, String user) throws IOException {
            HttpResponse<String> response = send(node, "GET", path, user, null);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " on " + node.name + ": " + response.statusCode()
                        + " " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }

    private static final class GaveUp extends Exception {
        GaveUp(String message) {
            super(message);
        }
    }

    /** One application process, started from the packaged jar and killed with SIGKILL. */
    private final class Node {
        final String name;
        final int port;
        private final List<String> args = new ArrayList<>();
        private Process process;
        private int starts;

        Node(String name, int port, List<String> users, String storage) {
            this.name = name;
            this.port = port;
            args.addAll(List.of("java", "-Xmx1g", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
                    "--ledger.node-id=" + name, "--axoniq.update-checker.disabled=true",
                    "--ledger.storage.data-dir=" + out.resolve("data-" + name).toAbsolutePath(), storage));
            args.addAll(users);
        }

        void start() throws IOException {
            starts++;
            process = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectOutput(out.resolve("node-" + name + "-" + starts + ".log").toFile()).start();
        }

        void awaitHealthy() throws Exception {
            Client probe = new Client(0);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("node " + name + " exited: see its log in " + out);
                }
                try {
                    if (probe.send(this, "GET", "/actuator/health", "auditor", null).statusCode() == 200) {
                        log("node %s healthy (start %d)", name, starts);
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
            throw new IllegalStateException("node " + name + " not healthy within 2 minutes");
        }

        /** {@code kill -9}: the JVM gets no chance to flush, release claims or say goodbye. */
        void kill() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log("node %s killed", name);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
