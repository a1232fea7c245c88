package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.ledger.testsupport.LedgerTestApplication;
import io.ledger.web.limits.ExpensiveReads;

/**
 * What operators see of requests on the scrape: failed logins, problem codes, throttled requests,
 * read-your-writes waits.
 */
class MonitoringHttpTest extends LedgerTestApplication {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired
    ExpensiveReads expensiveReads;

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

    @Test
    void expensiveReadsTurnedAwayAreCountedAsThrottledThroughTheApiAndTheConsole() throws Exception {
        String api = "ledger_http_throttled_requests_total{channel=\"api\",reason=\"TOO_MANY_EXPENSIVE_READS\"}";
        String console = "ledger_http_throttled_requests_total{channel=\"console\",reason=\"TOO_MANY_EXPENSIVE_READS\"}";
        Browser auditor = new Browser();
        auditor.signIn("auditor");
        double apiBefore = value(api);
        double consoleBefore = value(console);

        int held = 0;
        while (expensiveReads.tryEnter()) {
            held++;
        }
        try {
            assertThat(http().get("/api/audit/chain", "auditor").status()).isEqualTo(429);
            assertThat(auditor.get("/console/audit/totals?programId=ANY").statusCode()).isEqualTo(429);
        } finally {
            for (int i = 0; i < held; i++) {
                expensiveReads.exit();
            }
        }

        assertThat(value(api)).isEqualTo(apiBefore + 1);
        assertThat(value(console)).isEqualTo(consoleBefore + 1);
    }

    /** A console user: a session cookie and the CSRF token of the sign-in form. */
    private final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        void signIn(String user) throws IOException, InterruptedException {
            Matcher token = CSRF.matcher(get("/login").body());
            assertThat(token.find()).as("a CSRF token on the sign-in page").isTrue();
            String form = "username=" + user + "&password=" + user + "&_csrf="
                    + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.headers().firstValue("Location")).as("signed in").hasValueSatisfying(
                    location -> assertThat(location).endsWith("/console"));
        }
    }
}
