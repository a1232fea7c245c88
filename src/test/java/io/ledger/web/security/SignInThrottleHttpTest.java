package io.ledger.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.ledger.testsupport.Http;

/**
 * Through the whole security chain: past its failures a name is refused before its password is
 * checked, on the API and on the console's login form; other names go on. Its own application, so
 * that its small limits meet no other test's sign-ins.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ledger.storage.embedded-port=0",
        "ledger.storage.embedded-fsync=false",
        "ledger.security.sign-in-failures-per-user=3",
        "ledger.security.sign-in-failures-per-address=1000",
        "ledger.users.officer1.password={noop}officer1",
        "ledger.users.officer1.roles=FINANCE_OFFICER",
        "ledger.users.officer2.password={noop}officer2",
        "ledger.users.officer2.roles=FINANCE_OFFICER",
})
class SignInThrottleHttpTest {

    @LocalServerPort
    int port;

    @Test
    void afterThreeWrongPasswordsEvenTheRightOneWaitsAndOtherUsersGoOn() throws Exception {
        Http http = new Http(port);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/me", "officer1:guess" + i).status()).isEqualTo(401);
        }

        Http.Response held = http.get("/api/me", "officer1:officer1");
        assertThat(held.status()).isEqualTo(429);
        assertThat(held.json().path("code").asText()).isEqualTo("TOO_MANY_FAILED_SIGN_INS");
        assertThat(Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);
        assertThat(http.get("/api/me", "officer2:officer2").status()).isEqualTo(200);

        HttpResponse<String> form = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=officer1&password=officer1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(302);
        assertThat(form.headers().firstValue("Location").orElseThrow()).endsWith("/login?throttled");
        assertThat(http.get("/actuator/prometheus", null).body())
                .contains("ledger_http_throttled_requests_total{channel=\"api\",reason=\"TOO_MANY_FAILED_SIGN_INS\"} 1.0")
                .contains("ledger_http_throttled_requests_total{channel=\"console\",reason=\"TOO_MANY_FAILED_SIGN_INS\"} 1.0");
    }
}
