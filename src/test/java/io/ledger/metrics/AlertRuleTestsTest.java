package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * promtool runs only the unit tests that are written: this makes a new alert without a case where
 * it fires and one where it stays quiet fail the build, as does a test of an alert that is gone.
 */
class AlertRuleTestsTest {

    private static final Path MONITORING = Path.of("monitoring");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasAPromtoolTestWhereItFiresAndOneWhereItDoesNot() throws IOException {
        Map<String, Object> tests = load(MONITORING.resolve("alert-rules-test.yml"));
        assertThat((List<Object>) list(tests.get("rule_files"))).as("the rule files the unit tests load").contains("alert-rules.yml");
        Set<String> alerts = alerts(load(MONITORING.resolve("alert-rules.yml")));

        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> test : maps(tests.get("tests"))) {
            for (Map<String, Object> check : maps(test.get("alert_rule_test"))) {
                String alert = String.valueOf(check.get("alertname"));
                if (!alerts.contains(alert)) {
                    problems.add("a test at " + check.get("eval_time") + " checks " + alert
                            + ", which alert-rules.yml does not define");
                }
                (list(check.get("exp_alerts")).isEmpty() ? quiet : fired).add(alert);
            }
        }
        for (String alert : alerts) {
            if (!fired.contains(alert)) {
                problems.add(alert + " has no unit test where it fires (exp_alerts with an alert)");
            }
            if (!quiet.contains(alert)) {
                problems.add(alert + " has no unit test where it stays quiet (exp_alerts: [])");
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    private static Set<String> alerts(Map<String, Object> rules) {
        Set<String> alerts = new TreeSet<>();
        for (Map<String, Object> group : maps(rules.get("groups"))) {
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                if (rule.containsKey("alert")) {
                    alerts.add(rule.get("alert").toString());
                }
            }
        }
        return alerts;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        }
    }

    /** A YAML sequence, empty when the key is absent (promtool reads a missing exp_alerts as none expected). */
    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) list(value);
    }
}
