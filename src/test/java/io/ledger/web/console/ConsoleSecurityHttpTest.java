package io.ledger.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;
import io.ledger.web.limits.ExpensiveReads;

/**
 * The console's sign-in beside the API's Basic authentication: the API stays stateless with its
 * problem documents; the console needs a session and a CSRF token for every form it accepts.
 */
class ConsoleSecurityHttpTest extends LedgerTestApplication {

    @Autowired
    ExpensiveReads expensiveReads;

    @Autowired
    ServletWebServerApplicationContext server;

    private ConsoleSession console;

    @BeforeEach
    void freshBrowser() {
        console = new ConsoleSession(port);
    }

    @Test
    void theApiKeepsItsStatelessBasicAuthenticationAndProblemDocuments() {
        Http.Response anonymous = http().get("/api/programs/ANY", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.json().get("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"incentive-ledger\"");

        Http.Response signedIn = http().get("/api/programs/ANY", "officer1");
        assertThat(signedIn.status()).isEqualTo(404);
        assertThat(signedIn.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theConsoleSendsStrangersToTheSignInPage() {
        HttpResponse<String> officer = console.get("/console/officer");
        assertThat(officer.statusCode()).isEqualTo(302);
        assertThat(officer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(console.get("/login").body()).contains("name=\"username\"").contains("name=\"password\"");
    }

    @Test
    void signingInNeedsTheFormsCsrfTokenAndSoDoesEveryConsoleForm() {
        // without a session there is no token to match: sent back to sign in, not signed in
        HttpResponse<String> forged = console.post("/login", "username=officer1&password=officer1");
        assertThat(forged.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
        assertThat(console.get("/console/officer").statusCode()).isEqualTo(302);

        HttpResponse<String> wrong = console.post("/login", "username=officer1&password=nope&_csrf=" + console.csrf("/login"));
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));

        HttpResponse<String> signIn = console.post("/login", "username=officer1&password=officer1&_csrf=" + console.csrf("/login"));
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        assertThat(console.get("/console/officer").statusCode()).isEqualTo(200);

        HttpResponse<String> noToken = console.post("/console/programs/ANY/payouts", "payoutId=X&agencyId=A001&amount=1");
        assertThat(noToken.statusCode()).isEqualTo(403);

        String token = console.csrf("/console/officer");
        assertThat(console.post("/logout", "_csrf=" + token).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(console.get("/console/officer").statusCode()).isEqualTo(302);
    }

    @Test
    void aSignedInAgencyIsRefusedOtherRolesPages() {
        console.post("/login", "username=sunrise&password=sunrise&_csrf=" + console.csrf("/login"));
        assertThat(console.get("/console/agency").statusCode()).isEqualTo(200);
        for (String page : new String[] {"/console/officer", "/console/programs/ANY", "/console/audit",
                "/console/facilities"}) {
            HttpResponse<String> refused = console.get(page);
            assertThat(refused.statusCode()).as(page).isEqualTo(403);
            assertThat(refused.body()).as(page).contains("id=\"forbidden\"");
        }
    }

    @Test
    void aBalanceAtAFutureDayIsRefusedBesideTheDateAndReplaysNothing() {
        String program = ConsoleSession.programWithSunrise(http(), "1.00");
        console.post("/login", "username=sunrise&password=sunrise&_csrf=" + console.csrf("/login"));

        String future = LocalDate.now().plusDays(2).toString();
        HttpResponse<String> refused = console.get("/console/agency?programId=" + program + "&asOf=" + future);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"as-of-refusal\"").doesNotContain("id=\"balance-as-of\"");

        String yesterday = LocalDate.now().minusDays(1).toString();
        HttpResponse<String> shown = console.get("/console/agency?programId=" + program + "&asOf=" + yesterday);
        assertThat(shown.body()).doesNotContain("id=\"as-of-refusal\"");
    }

    @Test
    void theConsolesHistoryReplaysMeetTheSameBulkheadAsTheApis() {
        console.post("/login", "username=auditor&password=auditor&_csrf=" + console.csrf("/login"));
        int held = 0;
        while (expensiveReads.tryEnter()) {
            held++;
        }
        try {
            for (String page : new String[] {"/console/audit/programs/ANY/events.csv", "/console/audit?kind=program&id=ANY",
                    "/console/audit/totals?programId=ANY"}) {
                HttpResponse<String> busy = console.get(page);
                assertThat(busy.statusCode()).as(page).isEqualTo(429);
                assertThat(busy.headers().firstValue("Retry-After")).as(page).isPresent();
                assertThat(busy.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(
                        t -> assertThat(t).startsWith("text/html"));
                assertThat(busy.body()).as(page).contains("data-code=\"TOO_MANY_EXPENSIVE_READS\"");
            }
            assertThat(console.get("/console/audit").statusCode()).isEqualTo(200); // the page itself replays nothing
        } finally {
            for (int i = 0; i < held; i++) {
                expensiveReads.exit();
            }
        }
        String tomorrow = LocalDateTime.now().plusDays(2).withNano(0).toString();
        HttpResponse<String> future = console.get("/console/audit/balance?programId=ANY&agencyId=A001&at=" + tomorrow);
        assertThat(future.body()).contains("id=\"balance-refusal\"").contains("value=\"A001\"");
    }

    @Test
    void anOfficerSeesWhatVerifyingAWaitingReportWouldAwardBeforeDoingIt() {
        String program = ConsoleSession.programWithSunrise(http(), "37.00");
        assertThat(http().post("/api/programs/" + program + "/reports", "officer1", """
                {"reportId": "W1", "agencyId": "A001", "groupRef": "GW1", "sourceMarket": "MY", "tourists": 11,
                 "nights": 2, "arrivalDate": "2025-05-02"}""").status()).isEqualTo(201);
        console.post("/login", "username=officer2&password=officer2&_csrf=" + console.csrf("/login"));

        String page = console.get("/console/programs/" + program).body();

        assertThat(page).contains("id=\"preview-W1\"");
        assertThat(page.substring(page.indexOf("id=\"preview-W1\""))).contains("407.00"); // 11 × 37.00
    }

    @Test
    void aConsoleFormLargerThanTheLimitIsNotAcceptedEvenWithoutALength() {
        String program = ConsoleSession.programWithSunrise(http(), "1.00");
        console.post("/login", "username=sunrise&password=sunrise&_csrf=" + console.csrf("/login"));
        // a report the console would store, padded past 64 KiB with a field it ignores
        String form = "_csrf=" + console.csrf("/console/agency") + "&programId=" + program + "&reportId=BIG&groupRef=GB"
                + "&sourceMarket=MY&tourists=12&nights=2&arrivalDate=2025-05-02&padding=" + "p".repeat(70 * 1024);
        byte[] body = form.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> refused = console.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/agency/reports")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(refused.statusCode()).as("the form was not read, so neither was its CSRF token").isEqualTo(403);
        assertThat(http().get("/api/programs/" + program + "/reports/BIG", "officer1").status()).isEqualTo(404);
    }

    @Test
    void anOperatorListsTheVenuesBehindACategorysCoverageOnADate() {
        String open = "VL" + UUID.randomUUID().toString().substring(0, 6);
        String later = open + "-LATER";
        assertThat(http().post("/api/venues", "operator", """
                {"venueId": "%s", "name": "Shougang Park", "category": "INDUSTRIAL_SITE", "district": "Shijingshan",
                 "openedOn": "2020-01-01"}""".formatted(open)).status()).isEqualTo(201);
        assertThat(http().post("/api/venues/" + open + "/facilities", "operator",
                "{\"facilityId\":\"P1\",\"kind\":\"FOREIGN_CARD_POS\",\"installedOn\":\"2024-03-01\"}").status())
                .isEqualTo(201);
        assertThat(http().post("/api/venues", "operator", """
                {"venueId": "%s", "name": "Later Works", "category": "INDUSTRIAL_SITE", "district": "Shijingshan",
                 "openedOn": "2025-01-01"}""".formatted(later)).status()).isEqualTo(201);
        console.post("/login", "username=operator&password=operator&_csrf=" + console.csrf("/login"));

        String june = console.get("/console/facilities?asOf=2024-06-01&category=INDUSTRIAL_SITE").body();
        String january = console.get("/console/facilities?asOf=2024-01-01&category=INDUSTRIAL_SITE").body();

        assertThat(june).contains("id=\"venue-list\"").doesNotContain("venue-row-" + later);
        assertThat(row(june, open)).contains("<td>yes</td>");
        assertThat(row(january, open)).doesNotContain("<td>yes</td>").contains("<td>no</td>");
    }

    private static String row(String page, String venueId) {
        int start = page.indexOf("id=\"venue-row-" + venueId + "\"");
        assertThat(start).as("a row for " + venueId).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    @Test
    void aConsoleSessionLivesThirtyIdleMinutesAndOnceExpiredAsksToSignInAgain() throws IOException {
        console.post("/login", "username=officer1&password=officer1&_csrf=" + console.csrf("/login"));
        assertThat(console.get("/console/officer").statusCode()).isEqualTo(200);
        String id = console.cookie("JSESSIONID");
        Context web = (Context) ((TomcatWebServer) server.getWebServer()).getTomcat().getHost().findChildren()[0];
        Session session = web.getManager().findSession(id);

        assertThat(session.getMaxInactiveInterval()).as("seconds idle before the container expires it")
                .isEqualTo(30 * 60);
        session.expire(); // what the container does once that time has passed, without waiting for it here

        HttpResponse<String> after = console.get("/console/officer");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
    }
}
