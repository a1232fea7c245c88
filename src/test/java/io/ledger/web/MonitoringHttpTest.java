package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.ledger.testsupport.LedgerTestApplication;

/** What operators see of requests on the scrape: failed logins, problem codes, read-your-writes waits. */
class MonitoringHttpTest extends LedgerTestApplication {

    private double value(String sample) {
        String text = http().get("/actuator/prometheus", null).body();
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aWrongPasswordIsCountedAsAFailedLoginAndAnUnauthenticatedProblem() {
        String failures = "ledger_authentication_failures_total{reason=\"bad_credentials\"}";
        String problems = "ledger_http_problems_total{code=\"UNAUTHENTICATED\",status=\"401\"}";
        double failuresBefore = value(failures);
        double problemsBefore = value(problems);

        assertThat(http().get("/api/programs", "officer1:wrong").status()).isEqualTo(401);

        assertThat(value(failures)).isEqualTo(failuresBefore + 1);
        assertThat(value(problems)).isEqualTo(problemsBefore + 1);
    }

    @Test
    void aRefusedRequestIsCountedByItsProblemCode() {
        String sample = "ledger_http_problems_total{code=\"VALIDATION_FAILED\",status=\"400\"}";
        double before = value(sample);

        assertThat(http().post("/api/agencies", "officer1", "{\"agencyId\":\"\",\"name\":\"\",\"licenseNo\":\"\"}")
                .status()).isEqualTo(400);

        assertThat(value(sample)).isEqualTo(before + 1);
    }

    @Test
    void aCommandsWaitForItsEffectIsTimedAsVisible() {
        String sample = "ledger_read_your_writes_wait_seconds_count{outcome=\"visible\"}";
        double before = value(sample);

        assertThat(http().post("/api/agencies", "officer1",
                "{\"agencyId\":\"MON1\",\"name\":\"Monitored Travel\",\"licenseNo\":\"L-MON1\"}").status())
                .isEqualTo(201);

        assertThat(value(sample)).isEqualTo(before + 1);
        assertThat(value("ledger_read_your_writes_wait_seconds_count{outcome=\"timeout\"}")).isZero();
    }
}
