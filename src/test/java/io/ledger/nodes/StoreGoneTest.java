package io.ledger.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
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
    void commandsReadsAndHealthSayStorageIsUnavailableWithinSeconds() {
        String agencyId = "G" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(command(agencyId).status()).isEqualTo(201);
        assertThat(http.get("/actuator/health", null).status()).isEqualTo(200);

        store.close();

        assertUnavailable(() -> command("H" + UUID.randomUUID().toString().substring(0, 6)), "a command");
        assertUnavailable(() -> http.get("/api/agencies/" + agencyId, "officer1"), "a read");
        long start = System.nanoTime();
        Response health = http.get("/actuator/health", null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("health answered").isLessThan(ANSWERS_WITHIN);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
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
