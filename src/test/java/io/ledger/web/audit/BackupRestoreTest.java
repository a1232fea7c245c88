package io.ledger.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ledger.audit.AuditCommandLine;
import io.ledger.testsupport.ChildNode;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;

/**
 * An operator backs up a running system under load with one command, restores the file into a new
 * data directory, and starts the system on it: the restore proves itself (positions, counter,
 * chain), the read models are rebuilt from the events and reconcile, and everything acknowledged
 * before the backup began is there.
 */
class BackupRestoreTest {

    private static final String PROGRAM = "BACKUP";
    private static final int CLIENTS = 4;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aBackupTakenUnderLoadRestoresIntoANewDirectoryThatProvesItselfAndStarts(@TempDir Path work) throws Exception {
        Path source = Files.createDirectories(work.resolve("source"));
        int port = ChildNode.freePort();
        int embeddedPort = ChildNode.freePort();
        Process node = ChildNode.start(source, port, embeddedPort);
        Path backup = work.resolve("ledger.backup.gz");
        Path restored = work.resolve("restored");
        Set<String> verifiedBeforeBackup = ConcurrentHashMap.newKeySet();
        try {
            Http http = new Http(port);
            setUpProgram(http);
            AtomicBoolean backupStarted = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch warmedUp = new CountDownLatch(40);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    Http own = new Http(port);
                    for (int i = 0; !stop.get(); i++) {
                        String reportId = "R" + client + "-" + i;
                        ok(own.post("/api/programs/" + PROGRAM + "/reports", "submitter", """
                                {"reportId": "%s", "agencyId": "A%d", "groupRef": "G-%s", "sourceMarket": "MY",
                                 "tourists": %d, "nights": 2, "arrivalDate": "2025-05-02"}"""
                                .formatted(reportId, client % 2, reportId, 5 + i % 30)));
                        ok(own.post("/api/programs/" + PROGRAM + "/reports/" + reportId + "/verification", "verifier",
                                null));
                        if (!backupStarted.get()) { // read after the answer: acknowledged before the backup began
                            verifiedBeforeBackup.add(reportId);
                        }
                        warmedUp.countDown();
                    }
                    return null;
                });
            }
            assertThat(warmedUp.await(2, TimeUnit.MINUTES)).isTrue();

            backupStarted.set(true);
            Run backedUp = cli("backup", "--to=" + backup, "--mongodb-uri=mongodb://127.0.0.1:" + embeddedPort + "/ledger");
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

            assertThat(backedUp.exit()).as(backedUp.err()).isZero();
            assertThat(backedUp.json().get("head").asLong()).isPositive();
        } finally {
            node.destroyForcibly();
            node.waitFor(30, TimeUnit.SECONDS);
        }

        Run restore = cli("restore", backup.toString(), "--into=" + restored);
        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.json().get("proven").asBoolean()).isTrue();
        assertThat(restore.json().get("positions").get("holds").asBoolean()).isTrue();
        assertThat(restore.json().get("chain").get("intact").asBoolean()).isTrue();
        assertThat(restore.json().get("positionCounter").asLong())
                .isGreaterThanOrEqualTo(restore.json().get("backup").get("head").asLong());

        int again = ChildNode.freePort();
        Process restoredNode = ChildNode.start(restored, again, 0);
        try {
            Http after = new Http(again);
            // answered once the rebuilt read models have handled everything restored before it
            ok(after.post("/api/agencies", "submitter", "{\"agencyId\":\"A9\",\"name\":\"After\",\"licenseNo\":\"L-9\"}"));

            BigDecimal verifiedComputed = BigDecimal.ZERO;
            for (String reportId : verifiedBeforeBackup) {
                JsonNode report = ok(after.get("/api/programs/" + PROGRAM + "/reports/" + reportId, "verifier")).json();
                assertThat(report.get("status").asText()).as(reportId).isEqualTo("VERIFIED");
            }
            List<String> all = new ArrayList<>();
            JsonNode page;
            int n = 0;
            do {
                page = ok(after.get("/api/audit/events?programId=" + PROGRAM + "&size=1000&page=" + n++, "auditor")).json();
                page.get("events").forEach(e -> {
                    if (e.get("type").asText().equals("ReportVerified")) {
                        all.add(e.get("payload").get("computed").asText());
                    }
                });
            } while (page.get("more").asBoolean());
            for (String computed : all) {
                verifiedComputed = verifiedComputed.add(new BigDecimal(computed));
            }
            JsonNode totals = ok(after.get("/api/programs/" + PROGRAM, "verifier")).json().get("totals");
            assertThat(new BigDecimal(totals.get("computed").asText())).isEqualByComparingTo(verifiedComputed);
            for (String projection : new String[] {"incentive-ledger", "payment-facilities"}) {
                JsonNode reconciled = ok(after.post("/api/audit/reconciliations", "auditor",
                        "{\"projection\":\"" + projection + "\"}")).json();
                assertThat(reconciled.get("identical").asBoolean()).as(projection + ": " + reconciled).isTrue();
            }
            assertThat(ok(after.get("/api/audit/chain", "auditor")).json().get("intact").asBoolean()).isTrue();
        } finally {
            restoredNode.destroyForcibly();
            restoredNode.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDamagedBackupWritesNothing(@TempDir Path work) throws Exception {
        Path damaged = work.resolve("damaged.backup.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(damaged))) {
            out.write(("{\"format\": \"ledger-backup/1\", \"head\": {\"$numberLong\": \"1\"}}\n").getBytes(
                    StandardCharsets.UTF_8));
        }
        Path into = work.resolve("never");

        Run restore = cli("restore", damaged.toString(), "--into=" + into);

        assertThat(restore.exit()).isEqualTo(AuditCommandLine.CHECK_FAILED);
        assertThat(restore.err()).contains("incomplete").contains("nothing was written");
        assertThat(into).doesNotExist();
    }

    private record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void setUpProgram(Http http) {
        for (int a = 0; a < 2; a++) {
            ok(http.post("/api/agencies", "submitter", """
                    {"agencyId": "A%d", "name": "Agency %d", "licenseNo": "L-%d"}""".formatted(a, a, a)));
        }
        ok(http.post("/api/programs", "submitter", """
                {"programId": "%s", "name": "Backup 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "2000000", "agencyAnnualCap": "300000",
                 "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]}}}"""
                .formatted(PROGRAM)));
        for (int a = 0; a < 2; a++) {
            ok(http.post("/api/programs/" + PROGRAM + "/enrollments", "submitter", "{\"agencyId\": \"A" + a + "\"}"));
        }
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }
}
