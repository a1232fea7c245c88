package io.ledger.nodes;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;

import io.ledger.eventstore.CommitLog;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.projections.support.MongoViews;
import io.ledger.projections.support.StoredTokens;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Nodes;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LatencyProxy;

/**
 * The node whose processors hold the projections' segments dies without releasing its claims (issue
 * 14): another node's processors claim them within seconds, and the read models go on, complete, no
 * event applied twice.
 * <p>
 * Node A only hosts the store (its processors are shut down). Node B reaches it through a
 * {@link LatencyProxy} and holds every segment; node C reaches it directly and starts once B holds
 * them, so C's processors find every segment claimed. Commands go through C throughout. B dies
 * halfway through handling a verification: the proxy cuts every connection of B's just before B
 * writes the program's totals, after it wrote the agency's balance, so B's token for that batch is
 * never stored. C must handle the batch again, and the balance B already wrote must not count twice.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClaimTakeoverTest {

    private static final List<String> USERS = List.of("submitter:FINANCE_OFFICER", "verifier:FINANCE_OFFICER",
            "operator:FACILITY_OPERATOR", "auditor:AUDITOR");

    private static final List<String> GROUPS = List.of(IncentiveCollections.PROCESSING_GROUP,
            FacilityCollections.PROCESSING_GROUP);

    /**
     * axon-mongo's default claim timeout and the tracking processor's default token claim interval
     * (4.12), which the application leaves as they are: a claim not extended for the timeout is free,
     * and a processor without segments tries to claim one each interval.
     */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(5);
    private static final Duration TAKEOVER_DEADLINE = Duration.ofSeconds(60);

    private static final String PROGRAM = "TAKEOVER";
    private static final String VENUE = "V-TAKEOVER";
    private static final BigDecimal RATE = new BigDecimal("50.00");

    @TempDir
    static Path temp;
    private static ConfigurableApplicationContext nodeA;
    private static LatencyProxy proxy;
    private static ConfigurableApplicationContext nodeB;
    private static ConfigurableApplicationContext nodeC;
    /** Wall-clock millis (the token store's clock) when C's processors had made their first claim attempt. */
    private static long cStartedAt;

    @BeforeAll
    static void startThreeNodesWithTheSegmentsOnB() {
        nodeA = node("node-a", "--ledger.storage.data-dir=" + temp.resolve("a"), "--ledger.storage.embedded-port=0",
                "--ledger.storage.embedded-fsync=false");
        for (String group : GROUPS) {
            await(group + " held by A", () -> holds(nodeA, group));
        }
        ServerAddress store = nodeA.getBean(MongoClient.class).getClusterDescription().getClusterSettings()
                .getHosts().get(0);
        proxy = LatencyProxy.to(store.getHost(), store.getPort());
        nodeB = node("node-b", "--ledger.storage.data-dir=" + temp.resolve("b-unused"),
                "--ledger.storage.mongodb-uri=mongodb://127.0.0.1:" + proxy.port() + "/ledger");
        // A only hosts the store from here on: shutting its processors down releases their claims to B's
        nodeA.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);
        for (String group : GROUPS) {
            await(group + " held by B", () -> holds(nodeB, group));
        }
        // C's commands answer only once the projection has handled them: on B until it dies, then on C
        // after its takeover, which outlasts the default wait of 10 s
        nodeC = node("node-c", "--ledger.storage.data-dir=" + temp.resolve("c-unused"),
                "--ledger.storage.mongodb-uri=mongodb://" + store.getHost() + ":" + store.getPort() + "/ledger",
                "--ledger.read-your-writes-timeout=" + TAKEOVER_DEADLINE.toSeconds() + "s");
        cStartedAt = System.currentTimeMillis();
    }

    @AfterAll
    static void stopAll() throws Exception {
        // C first: it releases its claims; B cannot reach the store any more and releases nothing
        Nodes.closeInOrder(nodeC, nodeB, proxy, nodeA);
    }

    private static ConfigurableApplicationContext node(String nodeId, String... storage) {
        return Nodes.start(nodeId, USERS, storage);
    }

    /** Whether {@code node}'s processor of {@code group} holds a segment. */
    private static boolean holds(ConfigurableApplicationContext node, String group) {
        return !node.getBean(EventProcessingConfiguration.class).eventProcessor(group, StreamingEventProcessor.class)
                .orElseThrow().processingStatus().isEmpty();
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, condition, Duration.ofSeconds(60));
    }

    private static void await(String what, BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertThat(condition.getAsBoolean()).as(what + " within " + within).isTrue();
    }

    /** The stored claim of the group's one segment, read from the store directly (through A). */
    private static Document claim(String group) {
        return nodeA.getBean(MongoTemplate.class).trackingTokensCollection()
                .find(and(eq("processorName", group), eq("segment", 0))).first();
    }

    private static Http http(ConfigurableApplicationContext node) {
        return new Http(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void theSegmentsOfADeadNodeMoveToASurvivorAndTheReadModelsStayExact() throws Exception {
        Http c = http(nodeC);
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            // While B lives: commands through C answer by B's processors
            created(c.post("/api/programs", "submitter", """
                    {"programId": "%s", "name": "Takeover 2025", "fiscalYear": 2025, "currency": "CNY",
                     "budget": "10000000", "agencyAnnualCap": "1000000",
                     "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]}}}"""
                    .formatted(PROGRAM)));
            for (String agency : List.of("T1", "T2")) {
                join(c, agency);
            }
            report(c, "T1", "T1-R0", 12, 2);
            report(c, "T2", "T2-R0", 20, 3);
            created(c.post("/api/venues", "operator", """
                    {"venueId": "%s", "name": "Takeover airport", "category": "AIRPORT", "district": "Shunyi"}"""
                    .formatted(VENUE)));
            created(c.post("/api/venues/" + VENUE + "/facilities", "operator",
                    "{\"facilityId\": \"POS\", \"kind\": \"FOREIGN_CARD_POS\", \"installedOn\": \"2024-01-01\"}"));
            created(activity(c, "ACT-1", "2024-02-01", "2024-02-29", 10, "1000.00", 4));
            assertThat(money(read(c, balancePath("T1")), "accrued")).as("T1 accrued, read through C")
                    .isEqualByComparingTo(award(12, 2));

            // B keeps extending its claims: C's processors, which have had time enough to take an
            // expired claim, take none
            long renewedBy = cStartedAt + CLAIM_TIMEOUT.plus(CLAIM_INTERVAL).toMillis();
            for (String group : GROUPS) {
                await(group + " claim renewed by B after C had tried to claim it", () -> {
                    Document claim = claim(group);
                    assertThat(claim.getString("owner")).as(group + " owner while B lives").isEqualTo("node-b");
                    return claim.getLong("timestamp") >= renewedBy;
                });
                assertThat(holds(nodeC, group)).as(group + " held by C while B lives").isFalse();
            }

            // B dies halfway through the batch of a verification: its balance written, not the totals
            created(submission(c, "T1", "T1-R1", 7, 1));
            proxy.cutBefore(afterUpdateOf("view_balances", "view_programs"));
            CompletableFuture<Response> verifiedAcrossTheTakeover = CompletableFuture
                    .supplyAsync(() -> verification(c, "T1-R1"), clients);
            await("B cut off from the store", proxy::isClosed, Duration.ofSeconds(30));
            long killed = System.nanoTime();
            Document balance = nodeA.getBean(IncentiveCollections.class).balances()
                    .find(eq("_id", PROGRAM + "/T1")).first();
            Document program = nodeA.getBean(IncentiveCollections.class).programs().find(eq("_id", PROGRAM)).first();
            assertThat(balance.getLong(MongoViews.APPLIED)).as("B wrote T1's balance for the verification, not the"
                    + " program's totals").isGreaterThan(program.getLong(MongoViews.APPLIED));
            assertThat(nodeA.getBean(StoredTokens.class).handledThroughout(IncentiveCollections.PROCESSING_GROUP))
                    .as("stored incentive token, below the verification's events")
                    .isLessThan(nodeA.getBean(CommitLog.class).highWaterMark());
            // and a command while no node processes anything
            CompletableFuture<Response> recordedDuringTheTakeover = CompletableFuture
                    .supplyAsync(() -> activity(c, "ACT-2", "2024-03-01", "2024-03-31", 20, "2500.50", 6), clients);

            for (String group : GROUPS) {
                await(group + " taken over by C", () -> holds(nodeC, group),
                        TAKEOVER_DEADLINE.minusNanos(System.nanoTime() - killed));
                System.out.printf("ClaimTakeoverTest: %s held by node C %d ms after node B was cut off%n",
                        group, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                assertThat(claim(group).getString("owner")).as(group + " owner after the takeover")
                        .isEqualTo("node-c");
            }
            Response verified = verifiedAcrossTheTakeover.get(TAKEOVER_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(verified.status()).as(verified.body()).isEqualTo(200);
            assertThat(money(verified.json().get("award"), "accrued")).as("T1-R1 accrued")
                    .isEqualByComparingTo(award(7, 1));
            Response recorded = recordedDuringTheTakeover.get(TAKEOVER_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);

            // After the takeover: commands through C answer by C's own processors
            report(c, "T2", "T2-R1", 5, 0);
            join(c, "T3");
            report(c, "T3", "T3-R0", 9, 1);
            created(activity(c, "ACT-3", "2024-04-01", "2024-04-30", 5, "99.50", 2));

            for (String projection : GROUPS) {
                Response reconciled = c.post("/api/audit/reconciliations", "auditor",
                        "{\"projection\": \"" + projection + "\"}");
                assertThat(reconciled.status()).as(reconciled.body()).isEqualTo(200);
                assertThat(reconciled.json().get("liveCaughtUp").asBoolean()).as(projection + " live caught up")
                        .isTrue();
                assertThat(reconciled.json().get("identical").asBoolean())
                        .as(projection + " live read model against a rebuild: " + reconciled.body()).isTrue();
            }
            Map<String, BigDecimal> expected = Map.of("T1", award(12, 2).add(award(7, 1)),
                    "T2", award(20, 3).add(award(5, 0)), "T3", award(9, 1));
            BigDecimal total = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> agency : expected.entrySet()) {
                for (Http node : List.of(c, http(nodeA))) {
                    JsonNode figures = read(node, balancePath(agency.getKey()));
                    assertThat(money(figures, "computed")).as(agency.getKey() + " computed")
                            .isEqualByComparingTo(agency.getValue());
                    assertThat(money(figures, "accrued")).as(agency.getKey() + " accrued")
                            .isEqualByComparingTo(agency.getValue());
                }
                total = total.add(agency.getValue());
            }
            JsonNode totals = read(c, "/api/programs/" + PROGRAM).get("totals");
            assertThat(money(totals, "computed")).as("program computed").isEqualByComparingTo(total);
            assertThat(money(totals, "accrued")).as("program accrued").isEqualByComparingTo(total);
            JsonNode payments = read(c, "/api/payment-activity?venueId=" + VENUE);
            JsonNode card = channel(payments, "FOREIGN_CARD_PAYMENT");
            assertThat(card.get("transactions").asLong()).as("card transactions").isEqualTo(10 + 20 + 5);
            assertThat(money(card, "amount")).as("card amount").isEqualByComparingTo("3600.00");
            assertThat(payments.get("visitorsServed").asLong()).as("visitors served").isEqualTo(4 + 6 + 2);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Award by the program's one rule: 50.00 a tourist when the stay lasts a night or more. */
    private static BigDecimal award(int tourists, int nights) {
        return nights >= 1 ? RATE.multiply(BigDecimal.valueOf(tourists)) : BigDecimal.ZERO;
    }

    /**
     * A chunk that updates {@code second} once one that updates {@code first} has passed (on any
     * connection): the driver sends {@code {update: "<collection>", ...}}, the command's name and
     * collection as the first element of the message's body.
     */
    private static Predicate<byte[]> afterUpdateOf(String first, String second) {
        byte[] firstUpdate = updateCommand(first);
        byte[] secondUpdate = updateCommand(second);
        AtomicBoolean firstPassed = new AtomicBoolean();
        return chunk -> {
            if (firstPassed.get() && contains(chunk, secondUpdate)) {
                return true;
            }
            if (contains(chunk, firstUpdate)) {
                firstPassed.set(true);
            }
            return false;
        };
    }

    /** The BSON of the element {@code update: collection}: key, then the string's length with its 0, then it. */
    private static byte[] updateCommand(String collection) {
        byte[] name = collection.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bson = new ByteArrayOutputStream();
        bson.write(0x02);
        bson.writeBytes("update\0".getBytes(StandardCharsets.UTF_8));
        int length = name.length + 1;
        bson.writeBytes(new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) (length >> 24)});
        bson.writeBytes(name);
        bson.write(0);
        return bson.toByteArray();
    }

    private static boolean contains(byte[] chunk, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= chunk.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (chunk[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void created(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static void join(Http http, String agency) {
        created(http.post("/api/agencies", "submitter", """
                {"agencyId": "%s", "name": "Agency %s", "licenseNo": "L-%s"}""".formatted(agency, agency, agency)));
        Response enrolled = http.post("/api/programs/" + PROGRAM + "/enrollments", "submitter",
                "{\"agencyId\": \"" + agency + "\"}");
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);
    }

    /** Submits and verifies a report; the verification's award is the rule's. */
    private static void report(Http http, String agency, String reportId, int tourists, int nights) {
        created(submission(http, agency, reportId, tourists, nights));
        Response verified = verification(http, reportId);
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(money(verified.json().get("award"), "accrued")).as(reportId + " accrued")
                .isEqualByComparingTo(award(tourists, nights));
    }

    private static Response submission(Http http, String agency, String reportId, int tourists, int nights) {
        return http.post("/api/programs/" + PROGRAM + "/reports", "submitter", """
                {"reportId": "%s", "agencyId": "%s", "groupRef": "G-%s", "sourceMarket": "MY",
                 "tourists": %d, "nights": %d, "arrivalDate": "2025-05-02"}"""
                .formatted(reportId, agency, reportId, tourists, nights));
    }

    private static Response verification(Http http, String reportId) {
        return http.post("/api/programs/" + PROGRAM + "/reports/" + reportId + "/verification", "verifier", null);
    }

    private static Response activity(Http http, String activityId, String from, String to, int transactions,
            String amount, int visitors) {
        return http.post("/api/venues/" + VENUE + "/activity", "operator", """
                {"activityId": "%s", "channel": "FOREIGN_CARD_PAYMENT", "periodStart": "%s", "periodEnd": "%s",
                 "transactions": %d, "amount": "%s", "visitorsServed": %d}"""
                .formatted(activityId, from, to, transactions, amount, visitors));
    }

    private static String balancePath(String agency) {
        return "/api/programs/" + PROGRAM + "/agencies/" + agency + "/balance";
    }

    private static JsonNode read(Http http, String path) {
        Response response = http.get(path, "verifier");
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode channel(JsonNode activity, String channel) {
        for (JsonNode node : activity.get("channels")) {
            if (node.get("channel").asText().equals(channel)) {
                return node;
            }
        }
        throw new AssertionError("no " + channel + " in " + activity);
    }

    private static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
