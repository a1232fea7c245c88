package io.ledger.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.ledger.LedgerApplication;
import io.ledger.storage.EmbeddedMongo;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;

/**
 * A node whose store goes away (the embedded store it reaches through {@code MONGODB_URI} is
 * stopped): commands and reads answer {@code 503 STORAGE_UNAVAILABLE} within seconds, by the default
 * timeouts (the driver's own would hold each request thread 30 s), and health says DOWN.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StoreGoneTest {

    /** The default server selection (3 s) with room for a loaded machine; far below the driver's 30 s. */
    private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(12);

    @TempDir
    static Path temp;
    private static EmbeddedMongo store;
    private static ConfigurableApplicationContext node;
    private static Http http;

    @BeforeAll
    static void startANodeOnAnEmbeddedStore() {
        store = EmbeddedMongo.start(temp.resolve("store"), "127.0.0.1", 0, false);
        node = new SpringApplicationBuilder(LedgerApplication.class).run("--server.port=0",
                "--ledger.storage.mongodb-uri=mongodb://127.0.0.1:" + URI.create(store.connectionString()).getPort()
                        + "/ledger",
                "--ledger.storage.data-dir=" + temp.resolve("unused"), "--axoniq.update-checker.disabled=true",
                "--logging.level.root=WARN", "--ledger.users.officer1.password={noop}officer1",
                "--ledger.users.officer1.roles=FINANCE_OFFICER");
        http = new Http(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void commandsReadsAndHealthSayStorageIsUnavailableWithinSecondsAndTheNodeRecoversAlone() throws Exception {
        String agencyId = "G" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(command(agencyId).status()).isEqualTo(201);
        String programId = "P" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Store gone", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "1000000", "agencyAnnualCap": "50000"}""".formatted(programId)).status()).isEqualTo(201);
        assertThat(http.post("/api/programs/" + programId + "/enrollments", "officer1",
                "{\"agencyId\":\"" + agencyId + "\"}").status()).isBetween(200, 201);
        assertThat(http.get("/actuator/health", null).status()).isEqualTo(200);

        int storePort = URI.create(store.connectionString()).getPort();
        store.close();

        assertUnavailable(() -> command("H" + UUID.randomUUID().toString().substring(0, 6)), "a command");
        assertUnavailable(() -> http.get("/api/agencies/" + agencyId, "officer1"), "a read");
        long start = System.nanoTime();
        Response health = http.get("/actuator/health", null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("health answered").isLessThan(ANSWERS_WITHIN);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");

        // a dozen clients of one program: they queue on its lock, and must not wait out the timeout in turn
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String reportId = "R-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
                answers.add(clients.submit(() -> assertUnavailable(() -> report(programId, agencyId, reportId),
                        "report " + reportId + " on a program with eleven others waiting")));
            }
            for (Future<?> answer : answers) {
                answer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }

        store = EmbeddedMongo.start(temp.resolve("store"), "127.0.0.1", storePort, false);
        String afterwards = "R-back-" + UUID.randomUUID().toString().substring(0, 6);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Response accepted = report(programId, agencyId, afterwards);
        while (accepted.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            accepted = report(programId, agencyId, afterwards);
        }
        assertThat(accepted.status()).as("a command once the store is back, without a restart: " + accepted.body())
                .isEqualTo(201);
        assertThat(http.get("/api/programs/" + programId + "/reports/" + afterwards, "officer1").status())
                .as("readable on the node that answered").isEqualTo(200);
        assertThat(http.get("/actuator/health", null).status()).isEqualTo(200);
    }

    private static Response report(String programId, String agencyId, String reportId) {
        return http.post("/api/programs/" + programId + "/reports", "officer1", """
                {"reportId":"%s","agencyId":"%s","groupRef":"G-%s","sourceMarket":"MY","tourists":3,"nights":2,
                 "arrivalDate":"2025-05-02"}""".formatted(reportId, agencyId, reportId));
    }

    private static Response command(String agencyId) {
        return http.post("/api/agencies", "officer1",
                "{\"agencyId\":\"" + agencyId + "\",\"name\":\"Store gone\",\"licenseNo\":\"L-G\"}");
    }

    private static void assertUnavailable(java.util.function.Supplier<Response> request, String what) {
        long start = System.nanoTime();
        Response answer = request.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what + " answered").isLessThan(ANSWERS_WITHIN);
        assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(503);
        assertThat(answer.json().get("code").asText()).as(what).isEqualTo("STORAGE_UNAVAILABLE");
    }
}
