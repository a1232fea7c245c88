package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ledger.LedgerApplication;
import io.ledger.testsupport.Http;

/**
 * The monitoring files against the application they watch: the demo runs, a real Prometheus
 * (Debian's {@code prometheus}) scrapes it and loads the alert rules, and every dashboard query and
 * every alert expression is run through Prometheus's HTTP API. Also checks metric names both ways
 * between the files and the application's scrape.
 */
class MonitoringAgainstPrometheusTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path MONITORING = Path.of("monitoring").toAbsolutePath();
    private static final List<Path> DASHBOARDS = List.of(MONITORING.resolve("grafana/dashboards/ledger-operations.json"),
            MONITORING.resolve("grafana/dashboards/ledger-finance.json"));
    private static final Path RULES = MONITORING.resolve("alert-rules.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Names of metrics as this application's and Prometheus's own families start. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b(?:(?:ledger|axon|http_server|jvm|process|system|tomcat|executor|logback|disk|application)_[a-z0-9_]+|up)\\b(?![\"'])");

    @TempDir
    static Path temp;
    private static ConfigurableApplicationContext application;
    private static int port;

    @BeforeAll
    static void startTheDemo() {
        application = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.storage.data-dir=" + temp.resolve("ledger"),
                "--ledger.storage.embedded-port=0",
                "--ledger.storage.embedded-fsync=false",
                "--ledger.demo=true",
                "--ledger.metrics.sample-interval=200ms",
                "--axoniq.update-checker.disabled=true");
        port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
        // what an operator sees on any day: someone mistypes a password
        assertThat(new Http(port).get("/api/programs", "nobody:wrong").status()).isEqualTo(401);
    }

    @AfterAll
    static void stopTheDemo() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    void everyDashboardQueryAndAlertExpressionRunsInPrometheusAndTheDashboardsShowTheDemo() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "/usr/bin/prometheus is not installed (Debian package "
                + "prometheus; .ci/run installs it): the monitoring files were not run against a real Prometheus");
        int prometheusPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            prometheusPort = socket.getLocalPort();
        }
        Path config = temp.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: incentive-ledger
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(RULES, port));
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + temp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(temp.resolve("prometheus.log").toFile()).start();
        try {
            PrometheusApi api = new PrometheusApi(prometheusPort);
            // enough scrapes of the demo, after its figures were taken, for rates over a minute
            boolean scraped = api.awaitUntil(Duration.ofSeconds(120), () -> {
                JsonNode r = api.query("count_over_time(ledger_program_budget_cny[1m]) >= 5 and on() ledger_storage_up == 1");
                return r != null && r.path("data").path("result").size() > 0;
            });
            assertThat(scraped).as("Prometheus scraped the demo five times; its log: "
                    + Files.readString(temp.resolve("prometheus.log"))).isTrue();
            boolean rulesEvaluated = api.awaitUntil(Duration.ofSeconds(30), () -> {
                JsonNode r = api.get("/api/v1/rules");
                return r != null && r.path("data").path("groups").findValues("lastEvaluation").stream()
                        .noneMatch(t -> t.asText().startsWith("0001"));
            });
            assertThat(rulesEvaluated).as("every rule group was evaluated").isTrue();

            List<String> failures = new ArrayList<>();
            for (JsonNode group : api.get("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (!"ok".equals(rule.path("health").asText())) {
                        failures.add("rule " + rule.path("name").asText() + ": " + rule.path("lastError").asText());
                    }
                }
            }
            for (String expression : alertExpressions()) {
                JsonNode answer = api.query(expression);
                if (answer == null || !"success".equals(answer.path("status").asText())) {
                    failures.add("alert expression failed: " + expression + " -> " + answer);
                }
            }
            for (String expression : dashboardQueries()) {
                JsonNode answer = api.query(expression);
                if (answer == null || !"success".equals(answer.path("status").asText())) {
                    failures.add("dashboard query failed: " + expression + " -> " + answer);
                } else if (answer.path("data").path("result").isEmpty()) {
                    failures.add("dashboard query shows nothing on the demo: " + expression);
                }
            }
            assertThat(failures).isEmpty();
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void everyMetricTheFilesNameIsExportedAndEveryLedgerMetricIsOnADashboard() throws Exception {
        String scrape = awaitScrape(text -> text.contains("ledger_program_budget_cny{"));
        Set<String> samples = new TreeSet<>();
        Set<String> families = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                samples.add(line.split("[{ ]")[0]);
            }
        }
        Set<String> inDashboards = new TreeSet<>();
        dashboardQueries().forEach(q -> inDashboards.addAll(metricNames(q)));
        Set<String> inRules = new TreeSet<>();
        alertExpressions().forEach(q -> inRules.addAll(metricNames(q)));

        Set<String> unknown = new TreeSet<>(inDashboards);
        unknown.addAll(inRules);
        unknown.removeAll(samples);
        unknown.remove("up"); // written by Prometheus for every target
        assertThat(unknown).as("metrics named in dashboards or rules that the application does not export").isEmpty();

        List<String> missing = families.stream().filter(f -> f.startsWith("ledger_"))
                .filter(f -> inDashboards.stream().noneMatch(name -> name.equals(f) || name.startsWith(f + "_")))
                .toList();
        assertThat(missing).as("ledger metrics exported but shown on no dashboard").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasASummaryADescriptionAndARunbookSectionInTheReadme() throws IOException {
        String readme = Files.readString(MONITORING.resolve("../README.md").normalize());
        Set<String> anchors = new TreeSet<>();
        for (String line : readme.split("\n")) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        List<String> problems = new ArrayList<>();
        int alerts = 0;
        try (InputStream in = Files.newInputStream(RULES)) {
            Map<String, Object> rules = new Yaml().load(in);
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    alerts++;
                    String name = String.valueOf(rule.get("alert"));
                    Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
                    for (String key : List.of("summary", "description", "runbook_url")) {
                        if (annotations.get(key) == null || annotations.get(key).toString().isBlank()) {
                            problems.add(name + " has no " + key);
                        }
                    }
                    String runbook = String.valueOf(annotations.get("runbook_url"));
                    String anchor = name.toLowerCase(java.util.Locale.ROOT);
                    if (!runbook.equals("README.md#" + anchor) || !anchors.contains(anchor)) {
                        problems.add(name + ": no runbook section README.md#" + anchor);
                    }
                }
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    private static String awaitScrape(Predicate<String> complete) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String text;
        do {
            text = new Http(port).get("/actuator/prometheus", null).body();
            if (complete.test(text)) {
                return text;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return text;
    }

    static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(expression.replaceAll("\"[^\"]*\"", "\"\""));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static List<String> alertExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        try (InputStream in = Files.newInputStream(RULES)) {
            Map<String, Object> rules = new Yaml().load(in);
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    expressions.add(rule.get("expr").toString());
                }
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
        return expressions;
    }

    /** Every panel target of every dashboard, with Grafana's variables set to "all" and a one-minute rate window. */
    static List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        for (Path dashboard : DASHBOARDS) {
            JsonNode root = JSON.readTree(dashboard.toFile());
            for (JsonNode expr : root.path("panels").findValues("expr")) {
                queries.add(expr.asText().replace("$__rate_interval", "1m").replace("$instance", ".+")
                        .replace("$program", ".+"));
            }
            for (JsonNode variable : root.path("templating").path("list")) {
                Matcher m = Pattern.compile("label_values\\((\\w+),").matcher(variable.path("definition").asText());
                assertThat(m.find()).as("variable query of " + dashboard.getFileName()).isTrue();
                queries.add(m.group(1));
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(20);
        return queries;
    }

    /** Prometheus's HTTP API on a loopback port. */
    private static final class PrometheusApi {
        private final HttpClient client = HttpClient.newHttpClient();
        private final String base;

        PrometheusApi(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        JsonNode query(String expression) {
            return get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        }

        /** The answer, or null while Prometheus is not listening yet. */
        JsonNode get(String path) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(response.body());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        boolean awaitUntil(Duration limit, java.util.function.BooleanSupplier done) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (done.getAsBoolean()) {
                    return true;
                }
                Thread.sleep(250);
            }
            return done.getAsBoolean();
        }
    }
}
