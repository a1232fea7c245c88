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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
            for (Query alert : alertExpressions()) {
                JsonNode answer = api.query(alert.expr());
                if (answer == null || !"success".equals(answer.path("status").asText())) {
                    failures.add(alert.where() + ": expression failed: " + alert.expr() + " -> " + answer);
                }
            }
            for (Query query : dashboardQueries()) {
                JsonNode answer = api.query(query.expr());
                if (answer == null || !"success".equals(answer.path("status").asText())) {
                    failures.add(query.where() + ": query failed: " + query.expr() + " -> " + answer);
                } else if (!showsANumber(answer.path("data"))) {
                    failures.add(query.where() + ": shows nothing but NaN or no series on the demo: " + query.expr()
                            + " -> " + answer.path("data"));
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

    /**
     * Series that Prometheus writes itself for every target and for its rules, not scraped from the
     * application.
     */
    private static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS",
            "ALERTS_FOR_STATE");

    /**
     * Exported {@code ledger_} families that no dashboard or rule needs to name, with the reason.
     * Empty today: every figure the ledger exports is meant to be watched.
     */
    private static final Map<String, String> WATCHED_ELSEWHERE = Map.of();

    @Test
    void everyMetricTheFilesNameIsExportedAndEveryLedgerMetricIsOnADashboardOrInARule() throws Exception {
        Scrape scrape = Scrape.of(awaitScrape(text -> text.contains("ledger_program_budget_cny{")));
        List<Query> queries = new ArrayList<>(dashboardQueries());
        queries.addAll(alertExpressions());

        // every kind of mismatch is collected before failing, so that one run names them all
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> named = new TreeMap<>(); // metric -> where the files name it
        for (Query query : queries) {
            try {
                for (String name : PromQlNames.of(query.expr())) {
                    named.computeIfAbsent(name, n -> new TreeSet<>()).add(query.where());
                }
            } catch (IllegalArgumentException e) {
                problems.add("cannot be checked: " + query.where() + ": " + e.getMessage());
            }
        }
        named.forEach((name, where) -> {
            if (!scrape.samples().contains(name) && !WRITTEN_BY_PROMETHEUS.contains(name)) {
                problems.add("not exported under exactly this name: " + name + " (named in "
                        + String.join("; ", where) + ")");
            }
        });
        scrape.families().forEach((family, type) -> {
            Set<String> sampleNames = Scrape.sampleNames(family, type);
            if (family.startsWith("ledger_") && !WATCHED_ELSEWHERE.containsKey(family)
                    && sampleNames.stream().noneMatch(named::containsKey)) {
                problems.add("exported but named by no dashboard query or alert expression: " + family + " (" + type
                        + "; query it as " + String.join(" or ", new TreeSet<>(sampleNames)) + ")");
            }
        });
        WATCHED_ELSEWHERE.keySet().stream().filter(family -> !scrape.families().containsKey(family))
                .forEach(family -> problems.add("excluded but no longer exported: " + family));
        assertThat(problems).as("metric names of the monitoring files against the application's scrape").isEmpty();
    }

    /** The families ({@code # TYPE}) and the sample names of one scrape in Prometheus's text format. */
    record Scrape(Map<String, String> families, Set<String> samples) {

        static Scrape of(String text) {
            Map<String, String> families = new TreeMap<>();
            Set<String> samples = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    families.put(parts[2], parts[3]);
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    samples.add(line.split("[{ ]")[0]);
                }
            }
            return new Scrape(families, samples);
        }

        /** The names under which the text format writes the samples of a family of that type. */
        static Set<String> sampleNames(String family, String type) {
            return switch (type) {
                case "counter" -> Set.of(family.endsWith("_total") ? family : family + "_total");
                case "histogram" -> Set.of(family + "_bucket", family + "_count", family + "_sum");
                case "summary" -> Set.of(family, family + "_count", family + "_sum");
                default -> Set.of(family);
            };
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasASummaryADescriptionAndARunbookSectionInTheReadme() throws IOException {
        String readme = Files.readString(MONITORING.resolve("../README.md").normalize());
        Set<String> anchors = new TreeSet<>();
        for (String line : readme.split("\n")) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT));
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
                    String anchor = name.toLowerCase(Locale.ROOT);
                    if (!runbook.equals("README.md#" + anchor) || !anchors.contains(anchor)) {
                        problems.add(name + ": no runbook section README.md#" + anchor);
                    }
                }
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    /** Whether an instant query's answer holds at least one value that is a number (not NaN). */
    static boolean showsANumber(JsonNode data) {
        JsonNode result = data.path("result");
        return switch (data.path("resultType").asText()) {
            case "vector" -> result.findValues("value").stream().anyMatch(v -> isNumber(v.path(1).asText()));
            case "scalar" -> isNumber(result.path(1).asText());
            default -> false;
        };
    }

    private static boolean isNumber(String sampleValue) {
        return !sampleValue.isEmpty() && !sampleValue.equals("NaN");
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

    /** An expression of the monitoring files and where it is written. */
    record Query(String where, String expr) {
    }

    @SuppressWarnings("unchecked")
    static List<Query> alertExpressions() throws IOException {
        List<Query> expressions = new ArrayList<>();
        try (InputStream in = Files.newInputStream(RULES)) {
            Map<String, Object> rules = new Yaml().load(in);
            for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    expressions.add(new Query("alert " + rule.get("alert"), rule.get("expr").toString()));
                }
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
        return expressions;
    }

    /** Every panel target of every dashboard, with Grafana's variables set to "all" and a one-minute rate window. */
    static List<Query> dashboardQueries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (Path dashboard : DASHBOARDS) {
            JsonNode root = JSON.readTree(dashboard.toFile());
            String file = dashboard.getFileName().toString();
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(root.path("panels"), panels);
            for (JsonNode panel : panels) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(file + " \"" + panel.path("title").asText() + "\"",
                            target.path("expr").asText().replace("$__rate_interval", "1m")
                                    .replace("$instance", ".+").replace("$program", ".+")));
                }
            }
            for (JsonNode variable : root.path("templating").path("list")) {
                Matcher m = Pattern.compile("label_values\\((\\w+),").matcher(variable.path("definition").asText());
                assertThat(m.find()).as("variable query of " + file).isTrue();
                queries.add(new Query(file + " variable $" + variable.path("name").asText(), m.group(1)));
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(20);
        return queries;
    }

    /** Panels, and the panels of collapsed rows. */
    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collectPanels(panel.path("panels"), into);
        }
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

        boolean awaitUntil(Duration limit, BooleanSupplier done) throws InterruptedException {
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
