package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LedgerTestApplication;

/** The foundation as a client sees it: open operations endpoints, Basic auth, problem documents. */
class FoundationHttpTest extends LedgerTestApplication {

    @Test
    void healthIsUpWithoutCredentials() {
        Response health = http().get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void theApiNeedsCredentialsAndSaysSoAsAProblem() {
        for (String user : new String[] {null, "officer1:wrong", "nobody:nobody"}) {
            Response response = http().get("/api/me", user);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Basic"));
        }
    }

    @Test
    void aUserSeesWhoTheyAre() {
        Response me = http().get("/api/me", "sunrise");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("roles").get(0).asText()).isEqualTo("AGENCY");
        assertThat(me.json().get("agencyId").asText()).isEqualTo("A001");
    }

    @Test
    void everyErrorPathAnswersWithAProblemDocumentAndACode() {
        assertProblem(http().get("/api/no-such-thing", "officer1"), 404, "NOT_FOUND");
        assertProblem(http().post("/api/test-echo", "sunrise", "{\"text\":\"x\",\"times\":1}"), 403, "FORBIDDEN");
        assertProblem(http().post("/api/test-echo", "officer1", "{\"text\":"), 400, "MALFORMED_REQUEST");
        assertProblem(http().post("/api/test-echo", "officer1", "{\"text\":\"x\",\"times\":1,\"extra\":2}"), 400,
                "VALIDATION_FAILED");
        assertProblem(http().post("/api/test-echo", "officer1", "{\"text\":\"x\"}"), 400, "VALIDATION_FAILED");
        assertProblem(http().post("/api/test-echo", "officer1", "{\"text\":7,\"times\":1}"), 400, "VALIDATION_FAILED");
        assertProblem(http().post("/api/test-echo", "officer1", ""), 400, "MALFORMED_REQUEST");
        Response invalid = http().post("/api/test-echo", "officer1", "{\"text\":\"\",\"times\":0}");
        assertProblem(invalid, 400, "VALIDATION_FAILED");
        assertThat(invalid.json().get("detail").asText()).contains("text").contains("times");
        assertProblem(http().method("DELETE", "/api/me", "officer1"), 405, "METHOD_NOT_ALLOWED");
        assertProblem(http().get("/somewhere-else", "officer1"), 403, "FORBIDDEN");
        Response ok = http().post("/api/test-echo", "officer1", "{\"text\":\"x\",\"times\":2}");
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void theApiIsDescribed() {
        Response docs = http().get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/me")).isTrue();
    }

    @Test
    void prometheusMetricsFollowTheConventions() throws Exception {
        // make Axon's command bus, event store and processors record something (the processor's
        // ingestion is counted before its handlers run, so before the command's read-your-writes wait ends)
        assertThat(http().post("/api/agencies", "officer1",
                "{\"agencyId\":\"M1\",\"name\":\"Metrics Travel\",\"licenseNo\":\"L-M1\"}").status())
                .isEqualTo(201);
        assertThat(http().get("/actuator/prometheus", null).status()).isEqualTo(200);
        String text = scrapeShowing("ledger_storage_up 1.0");
        assertThat(text).contains("ledger_event_store_head_position").contains("ledger_storage_up 1.0")
                .contains("axon_command_bus_handling_seconds_count{outcome=\"success\",payload_type=\"RegisterAgency\"}")
                .contains("axon_event_processor_messages_ingested_total").contains("axon_event_store_messages_ingested_total")
                .doesNotContain("all_timer").doesNotContain("processed_counter").doesNotContain("payloadType");

        List<String> problems = new ArrayList<>();
        Pattern help = Pattern.compile("^# HELP (\\S+) (.*)$");
        for (String line : text.split("\n")) {
            Matcher m = help.matcher(line);
            if (m.matches() && isOurs(m.group(1))) {
                if (m.group(2).isBlank()) {
                    problems.add(m.group(1) + " has no help text");
                }
                if (!m.group(1).matches("[a-z][a-z0-9_]*")) {
                    problems.add(m.group(1) + " is not snake_case");
                }
                if (m.group(1).matches(".*_(ms|ns|us|milliseconds)(_.*)?")) {
                    problems.add(m.group(1) + " is not in a base unit");
                }
            }
        }
        problems.addAll(promtoolComplaints(text));
        assertThat(problems).isEmpty();
    }

    private static boolean isOurs(String metric) {
        return metric.startsWith("ledger_") || metric.startsWith("axon_");
    }

    /** promtool (Debian package prometheus) is installed by CI; locally the checks above still run. */
    private static List<String> promtoolComplaints(String text) throws IOException, InterruptedException {
        Path file = Files.createTempFile("metrics", ".txt");
        Files.writeString(file, text);
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return List.of();
        }
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as("promtool parsed the scrape").doesNotContain("error while linting");
        assertThat(promtool.exitValue()).as("exit 1 means a parse error: " + output).isNotEqualTo(1);
        return output.lines().filter(l -> isOurs(l.trim())).toList();
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("code").asText()).isEqualTo(code);
        assertThat(response.json().get("type").asText()).startsWith("urn:ledger:problem:");
        assertThat(response.json().has("title")).isTrue();
    }
}
