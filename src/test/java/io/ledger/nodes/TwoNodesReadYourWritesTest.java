package io.ledger.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Nodes;
import io.ledger.testsupport.Http.Response;

/**
 * Two nodes on one store, as an operator runs them: node A on its embedded store, node B reaching
 * that store through {@code MONGODB_URI}. B's processors do not run, so A's handle every event; a
 * command sent to B must still answer once its effect is readable on B (read-your-writes on every
 * node), by the tokens A's processors store, not after B's own wait times out.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TwoNodesReadYourWritesTest {

    private static final List<String> USERS = List.of("officer1:FINANCE_OFFICER", "operator:FACILITY_OPERATOR");

    private static final List<String> GROUPS = List.of(IncentiveCollections.PROCESSING_GROUP,
            FacilityCollections.PROCESSING_GROUP);

    @TempDir
    static Path temp;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodesOnOneStore() {
        nodeA = node("node-a", "--ledger.storage.data-dir=" + temp.resolve("a"), "--ledger.storage.embedded-port=0",
                "--ledger.storage.embedded-fsync=false");
        for (String group : GROUPS) {
            awaitSegments(nodeA, group, true);
        }
        ServerAddress store = nodeA.getBean(MongoClient.class).getClusterDescription().getClusterSettings()
                .getHosts().get(0);
        nodeB = node("node-b", "--ledger.storage.data-dir=" + temp.resolve("b-unused"),
                "--ledger.storage.mongodb-uri=mongodb://" + store.getHost() + ":" + store.getPort() + "/ledger",
                "--ledger.read-your-writes-timeout=3s", "--ledger.metrics.sample-interval=200ms");
        // B handles nothing itself: whatever B answers, A's processors made readable
        nodeB.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);
        for (String group : GROUPS) {
            awaitSegments(nodeB, group, false);
        }
    }

    @AfterAll
    static void stopBoth() throws Exception {
        Nodes.closeInOrder(nodeB, nodeA);
    }

    private static ConfigurableApplicationContext node(String nodeId, String... storage) {
        return Nodes.start(nodeId, USERS, storage);
    }

    /** Waits until {@code node}'s processor of {@code group} holds a segment ({@code owning}) or none. */
    private static void awaitSegments(ConfigurableApplicationContext node, String group, boolean owning) {
        StreamingEventProcessor processor = node.getBean(EventProcessingConfiguration.class)
                .eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (processor.processingStatus().isEmpty() == owning && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertThat(processor.processingStatus().isEmpty()).as(group + " segments held").isEqualTo(!owning);
    }

    private static Http http(ConfigurableApplicationContext node) {
        return new Http(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void aCommandSentToTheNodeWithoutSegmentsAnswersOnceItsEffectIsReadableThere() {
        Http b = http(nodeB);
        String agencyId = "B" + UUID.randomUUID().toString().substring(0, 6);
        Response created = b.post("/api/agencies", "officer1",
                "{\"agencyId\":\"" + agencyId + "\",\"name\":\"Through node B\",\"licenseNo\":\"L-B\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Response read = b.get("/api/agencies/" + agencyId, "officer1");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("name").asText()).isEqualTo("Through node B");

        String programId = "P" + UUID.randomUUID().toString().substring(0, 6);
        Response program = b.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Opened on B", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "1000000", "agencyAnnualCap": "50000"}""".formatted(programId));
        assertThat(program.status()).as(program.body()).isEqualTo(201);
        Response enrolled = b.post("/api/programs/" + programId + "/enrollments", "officer1",
                "{\"agencyId\":\"" + agencyId + "\"}");
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);
        Response balance = b.get("/api/programs/" + programId + "/agencies/" + agencyId + "/balance", "officer1");
        assertThat(balance.status()).as(balance.body()).isEqualTo(200);
        assertThat(balance.json().get("cap").asText()).isEqualTo("50000.00");

        Response venue = b.post("/api/venues", "operator", """
                {"venueId": "V%s", "name": "Venue on B", "category": "AIRPORT", "district": "Chaoyang"}"""
                .formatted(agencyId));
        assertThat(venue.status()).as(venue.body()).isEqualTo(201);
    }

    /** Lag is the cluster's: B handles nothing, yet reports what A's processors have stored. */
    @Test
    void theNodeWithoutSegmentsReportsTheLagOfTheProcessorsThatHoldThem() {
        Response created = http(nodeB).post("/api/agencies", "officer1",
                "{\"agencyId\":\"L" + UUID.randomUUID().toString().substring(0, 6)
                        + "\",\"name\":\"Lag seen from B\",\"licenseNo\":\"L-L\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        MeterRegistry registry = nodeB.getBean(MeterRegistry.class);
        for (String group : GROUPS) {
            Gauge lag = registry.get("ledger.projection.lag.positions").tag("projection", group).gauge();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (lag.value() != 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            assertThat(lag.value()).as(group + " lag on node B").isZero();
        }
    }

    @Test
    void theNodeThatHoldsTheSegmentsStillAnswersByItsOwnProcessor() {
        Response created = http(nodeA).post("/api/agencies", "officer1",
                "{\"agencyId\":\"A" + UUID.randomUUID().toString().substring(0, 6)
                        + "\",\"name\":\"Through node A\",\"licenseNo\":\"L-A\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /**
     * What makes a stored token mean a readable write: without a transaction manager Axon stores a
     * batch's token after its handlers ran (with one, before them), and the projections write directly.
     */
    @Test
    void tokensAreStoredAfterTheHandlersWrote() {
        TransactionManager transactions = nodeA.getBean(org.axonframework.config.Configuration.class)
                .getComponent(TransactionManager.class);
        assertThat(transactions).isInstanceOf(NoTransactionManager.class);
    }
}
