package io.ledger.web.incentive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.eventstore.PositionCheck;
import io.ledger.storage.EmbeddedMongo;
import io.ledger.testsupport.ChildNode;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.Http;

/**
 * A dozen clients submit and verify reports in one program (one aggregate: every verification races
 * the others) against the real application in a child JVM, which is killed with SIGKILL mid-storm and
 * started again on the same data directory, where the storm goes on. No client is ever told 503,
 * before the kill or after it; no acknowledged submission or verification is lost; the program's
 * money equals the sum of its verified reports; the first command after the restart is answered
 * without waiting out the read-your-writes timeout; and every global position from 1 to the head is
 * held by exactly one document.
 */
class ConflictStormKillTest {

    private static final int CLIENTS = 12;
    private static final int VERIFICATIONS_BEFORE_KILL = 120;
    private static final String PROGRAM = "STORM";
    private static final int REPORTS_PER_CLIENT_AFTER_RESTART = 3;
    /** The application's default {@code ledger.read-your-writes-timeout}, which the child node keeps. */
    private static final Duration READ_YOUR_WRITES_TIMEOUT = Duration.ofSeconds(10);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aKilledNodeUnderAConflictStormLosesNothingAcknowledged(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        Process node = start(dataDir, port);
        Http http = new Http(port);
        setUpProgram(http);

        Map<String, Boolean> verifiedAcks = new ConcurrentHashMap<>();
        Map<String, Boolean> submittedAcks = new ConcurrentHashMap<>();
        List<String> attempted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger unavailable = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(VERIFICATIONS_BEFORE_KILL);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                Http own = new Http(port);
                for (int i = 0; ; i++) {
                    String reportId = "R" + client + "-" + i;
                    attempted.add(reportId);
                    try {
                        Response submitted = own.post("/api/programs/" + PROGRAM + "/reports", "submitter", """
                                {"reportId": "%s", "agencyId": "A%d", "groupRef": "G-%s", "sourceMarket": "MY",
                                 "tourists": %d, "nights": 2, "arrivalDate": "2025-05-02"}"""
                                .formatted(reportId, client % 4, reportId, 5 + i % 40));
                        count(submitted, unavailable);
                        if (submitted.status() == 201) {
                            submittedAcks.put(reportId, true);
                        }
                        Response verified = own.post("/api/programs/" + PROGRAM + "/reports/" + reportId
                                + "/verification", "verifier", null);
                        count(verified, unavailable);
                        if (verified.status() == 200) {
                            verifiedAcks.put(reportId, true);
                            enough.countDown();
                        }
                    } catch (UncheckedIOException killed) {
                        return null;
                    }
                }
            });
        }
        assertThat(enough.await(2, TimeUnit.MINUTES)).as("the storm verified enough reports").isTrue();
        node.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        clients.shutdown();
        assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(unavailable.get()).as("answers 503 during the storm").isZero();

        int again = freePort();
        Process restarted = start(dataDir, again);
        AtomicInteger unavailableAfter = new AtomicInteger();
        try {
            Http after = new Http(again);
            // The next command is answered, and its answer means the read models have handled every
            // event stored before it, the ones written just before the kill included: until then a
            // projection update the kill cut in half (a report already VERIFIED, its program's totals
            // not yet) is still visible, and comparing the two would compare a crash's snapshot.
            long sent = System.nanoTime();
            Response next = after.post("/api/programs/" + PROGRAM + "/reports", "submitter", """
                    {"reportId": "AFTER", "agencyId": "A0", "groupRef": "G-AFTER", "sourceMarket": "SG",
                     "tourists": 3, "nights": 2, "arrivalDate": "2025-06-02"}""");
            Duration firstAnswer = Duration.ofNanos(System.nanoTime() - sent);
            count(next, unavailableAfter);
            assertThat(next.status()).as(next.body()).isEqualTo(201);
            assertThat(firstAnswer).as("the first command after the restart waited for no timeout")
                    .isLessThan(READ_YOUR_WRITES_TIMEOUT);
            submittedAcks.put("AFTER", true);
            Response verifiedAfter = after.post("/api/programs/" + PROGRAM + "/reports/AFTER/verification",
                    "verifier", null);
            count(verifiedAfter, unavailableAfter);
            assertThat(verifiedAfter.status()).isEqualTo(200);
            verifiedAcks.put("AFTER", true);
            attempted.add("AFTER");
            stormAfterRestart(again, attempted, submittedAcks, verifiedAcks, unavailableAfter);

            BigDecimal verifiedComputed = BigDecimal.ZERO;
            int verifiedReports = 0;
            for (String reportId : new ArrayList<>(attempted)) {
                Response report = after.get("/api/programs/" + PROGRAM + "/reports/" + reportId, "verifier");
                count(report, unavailableAfter);
                if (submittedAcks.containsKey(reportId)) {
                    assertThat(report.status()).as("acknowledged submission " + reportId).isEqualTo(200);
                }
                if (verifiedAcks.containsKey(reportId)) {
                    assertThat(report.status()).as(reportId).isEqualTo(200);
                    assertThat(report.json().get("status").asText()).as("acknowledged " + reportId).isEqualTo("VERIFIED");
                }
                if (report.status() == 200 && report.json().get("status").asText().equals("VERIFIED")) {
                    verifiedComputed = verifiedComputed.add(new BigDecimal(report.json().get("award").get("computed")
                            .asText()));
                    verifiedReports++;
                }
            }
            Response program = after.get("/api/programs/" + PROGRAM, "verifier");
            count(program, unavailableAfter);
            JsonNode totals = program.json().get("totals");
            assertThat(verifiedReports).isGreaterThan(VERIFICATIONS_BEFORE_KILL);
            assertThat(new BigDecimal(totals.get("computed").asText())).isEqualByComparingTo(verifiedComputed);
            assertThat(new BigDecimal(totals.get("accrued").asText()).add(new BigDecimal(totals.get("capped").asText()))
                    .add(new BigDecimal(totals.get("unfunded").asText()))).isEqualByComparingTo(verifiedComputed);
            assertThat(unavailableAfter.get()).as("answers 503 after the restart").isZero();

            restarted.destroy(); // an orderly stop, so that the store can be opened here
            assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).as("the node stopped").isTrue();
            PositionCheck positions = checkPositions(dataDir);
            assertThat(positions.holds()).as("position %s: %s", positions.firstBadPosition(), positions.problem())
                    .isTrue();
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A shorter storm on the restarted node: the same races, and still no 503. */
    private static void stormAfterRestart(int port, List<String> attempted, Map<String, Boolean> submittedAcks,
            Map<String, Boolean> verifiedAcks, AtomicInteger unavailable) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> runs = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            runs.add(clients.submit(() -> {
                Http own = new Http(port);
                for (int i = 0; i < REPORTS_PER_CLIENT_AFTER_RESTART; i++) {
                    String reportId = "S" + client + "-" + i;
                    attempted.add(reportId);
                    Response submitted = own.post("/api/programs/" + PROGRAM + "/reports", "submitter", """
                            {"reportId": "%s", "agencyId": "A%d", "groupRef": "G-%s", "sourceMarket": "MY",
                             "tourists": %d, "nights": 2, "arrivalDate": "2025-07-02"}"""
                            .formatted(reportId, client % 4, reportId, 5 + i));
                    count(submitted, unavailable);
                    if (submitted.status() == 201) {
                        submittedAcks.put(reportId, true);
                    }
                    Response verified = own.post("/api/programs/" + PROGRAM + "/reports/" + reportId
                            + "/verification", "verifier", null);
                    count(verified, unavailable);
                    if (verified.status() == 200) {
                        verifiedAcks.put(reportId, true);
                    }
                }
            }));
        }
        clients.shutdown();
        for (Future<?> run : runs) {
            run.get(2, TimeUnit.MINUTES);
        }
    }

    /** The auditor's position invariant, checked on the stopped node's data directory with a read-only store. */
    private static PositionCheck checkPositions(Path dataDir) {
        try (EmbeddedMongo store = EmbeddedMongo.startReadOnly(dataDir);
                MongoClient client = MongoClients.create(store.connectionString())) {
            return LedgerEventStorageEngine.builder().database(client.getDatabase("ledger"))
                    .eventSerializer(EventSerialization.serializer())
                    .snapshotSerializer(EventSerialization.serializer())
                    .readOnly().build()
                    .checkPositions();
        }
    }

    private static void count(Response response, AtomicInteger unavailable) {
        if (response.status() == 503) {
            unavailable.incrementAndGet();
        }
    }

    private static void setUpProgram(Http http) {
        for (int a = 0; a < 4; a++) {
            created(http.post("/api/agencies", "submitter", """
                    {"agencyId": "A%d", "name": "Agency %d", "licenseNo": "L-%d"}""".formatted(a, a, a)));
        }
        created(http.post("/api/programs", "submitter", """
                {"programId": "%s", "name": "Storm 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "2000000", "agencyAnnualCap": "300000",
                 "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]},
                           "largeGroup": {"minGroupSize": 30, "subsidyPerGroup": "3000.00"}}}""".formatted(PROGRAM)));
        for (int a = 0; a < 4; a++) {
            created(http.post("/api/programs/" + PROGRAM + "/enrollments", "submitter", "{\"agencyId\": \"A" + a + "\"}"));
        }
    }

    private static void created(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }

    private static Process start(Path dataDir, int port) throws IOException {
        return ChildNode.start(dataDir, port, 0);
    }

    private static int freePort() throws IOException {
        return ChildNode.freePort();
    }
}
