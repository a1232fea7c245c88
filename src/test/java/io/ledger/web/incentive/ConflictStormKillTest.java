package io.ledger.web.incentive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.testsupport.ChildNode;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;

/**
 * A dozen clients submit and verify reports in one program (one aggregate: every verification races
 * the others) against the real application in a child JVM, which is killed with SIGKILL mid-storm and
 * started again on the same data directory. No client is ever told 503, no acknowledged verification
 * is lost, the program's money equals the sum of its verified reports, and the next command after
 * the restart is answered.
 */
class ConflictStormKillTest {

    private static final int CLIENTS = 12;
    private static final int VERIFICATIONS_BEFORE_KILL = 120;
    private static final String PROGRAM = "STORM";

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aKilledNodeUnderAConflictStormLosesNothingAcknowledged(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        Process node = start(dataDir, port);
        Http http = new Http(port);
        setUpProgram(http);

        Map<String, Boolean> verifiedAcks = new ConcurrentHashMap<>();
        List<String> attempted = java.util.Collections.synchronizedList(new ArrayList<>());
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
        try {
            Http after = new Http(again);
            // The next command is answered, and its answer means the read models have handled every
            // event stored before it, the ones written just before the kill included: until then a
            // projection update the kill cut in half (a report already VERIFIED, its program's totals
            // not yet) is still visible, and comparing the two would compare a crash's snapshot.
            Response next = after.post("/api/programs/" + PROGRAM + "/reports", "submitter", """
                    {"reportId": "AFTER", "agencyId": "A0", "groupRef": "G-AFTER", "sourceMarket": "SG",
                     "tourists": 3, "nights": 2, "arrivalDate": "2025-06-02"}""");
            assertThat(next.status()).as(next.body()).isEqualTo(201);
            assertThat(after.post("/api/programs/" + PROGRAM + "/reports/AFTER/verification", "verifier", null)
                    .status()).isEqualTo(200);

            BigDecimal verifiedComputed = BigDecimal.ZERO;
            int verifiedReports = 0;
            List<String> reports = new ArrayList<>(attempted);
            reports.add("AFTER");
            for (String reportId : reports) {
                Response report = after.get("/api/programs/" + PROGRAM + "/reports/" + reportId, "verifier");
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
            JsonNode totals = after.get("/api/programs/" + PROGRAM, "verifier").json().get("totals");
            assertThat(verifiedReports).isGreaterThan(VERIFICATIONS_BEFORE_KILL);
            assertThat(new BigDecimal(totals.get("computed").asText())).isEqualByComparingTo(verifiedComputed);
            assertThat(new BigDecimal(totals.get("accrued").asText()).add(new BigDecimal(totals.get("capped").asText()))
                    .add(new BigDecimal(totals.get("unfunded").asText()))).isEqualByComparingTo(verifiedComputed);
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
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
