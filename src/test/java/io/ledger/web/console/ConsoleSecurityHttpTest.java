package io.ledger.web.console;

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

import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;
import io.ledger.web.limits.ExpensiveReads;

/**
 * The console's sign-in beside the API's Basic authentication: the API stays stateless with its
 * problem documents; the console needs a session and a CSRF token for every form it accepts.
 */
class ConsoleSecurityHttpTest extends LedgerTestApplication {

    @org.springframework.beans.factory.annotation.Autowired
    ExpensiveReads expensiveReads;

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext server;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new program paying {@code rate} per tourist with the agency A001 (user sunrise) enrolled. */
    private String programWithSunrise(String rate) {
        String program = "C" + java.util.UUID.randomUUID().toString().substring(0, 8);
        http().post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}");
        assertThat(http().post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Console 2025", "fiscalYear": 2025, "currency": "CNY", "budget": "100000",
                 "agencyAnnualCap": "100000", "rules": {"headcount": {"minNights": 1,
                 "tiers": [{"fromTourist": 1, "ratePerTourist": "%s"}]}}}""".formatted(program, rate)).status())
                .isEqualTo(201);
        assertThat(http().post("/api/programs/" + program + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}")
                .status()).isBetween(200, 201);
        return program;
    }

    private String csrf(String path) throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get(path).body());
        assertThat(token.find()).as("a CSRF token on " + path).isTrue();
        return URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
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
    void theConsoleSendsStrangersToTheSignInPage() throws Exception {
        HttpResponse<String> console = get("/console/officer");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(get("/login").body()).contains("name=\"username\"").contains("name=\"password\"");
    }

    @Test
    void signingInNeedsTheFormsCsrfTokenAndSoDoesEveryConsoleForm() throws Exception {
        // without a session there is no token to match: sent back to sign in, not signed in
        HttpResponse<String> forged = post("/login", "username=officer1&password=officer1");
        assertThat(forged.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
        assertThat(get("/console/officer").statusCode()).isEqualTo(302);

        HttpResponse<String> wrong = post("/login", "username=officer1&password=nope&_csrf=" + csrf("/login"));
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));

        HttpResponse<String> signIn = post("/login", "username=officer1&password=officer1&_csrf=" + csrf("/login"));
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        assertThat(get("/console/officer").statusCode()).isEqualTo(200);

        HttpResponse<String> noToken = post("/console/programs/ANY/payouts", "payoutId=X&agencyId=A001&amount=1");
        assertThat(noToken.statusCode()).isEqualTo(403);

        String token = csrf("/console/officer");
        assertThat(post("/logout", "_csrf=" + token).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(get("/console/officer").statusCode()).isEqualTo(302);
    }

    @Test
    void aSignedInAgencyIsRefusedOtherRolesPages() throws Exception {
        post("/login", "username=sunrise&password=sunrise&_csrf=" + csrf("/login"));
        assertThat(get("/console/agency").statusCode()).isEqualTo(200);
        for (String page : new String[] {"/console/officer", "/console/programs/ANY", "/console/audit",
                "/console/facilities"}) {
            HttpResponse<String> refused = get(page);
            assertThat(refused.statusCode()).as(page).isEqualTo(403);
            assertThat(refused.body()).as(page).contains("id=\"forbidden\"");
        }
    }

    @Test
    void aBalanceAtAFutureDayIsRefusedBesideTheDateAndReplaysNothing() throws Exception {
        String program = programWithSunrise("1.00");
        post("/login", "username=sunrise&password=sunrise&_csrf=" + csrf("/login"));

        String future = java.time.LocalDate.now().plusDays(2).toString();
        HttpResponse<String> refused = get("/console/agency?programId=" + program + "&asOf=" + future);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"as-of-refusal\"").doesNotContain("id=\"balance-as-of\"");

        String yesterday = java.time.LocalDate.now().minusDays(1).toString();
        HttpResponse<String> shown = get("/console/agency?programId=" + program + "&asOf=" + yesterday);
        assertThat(shown.body()).doesNotContain("id=\"as-of-refusal\"");
    }

    @Test
    void theConsolesHistoryReplaysMeetTheSameBulkheadAsTheApis() throws Exception {
        post("/login", "username=auditor&password=auditor&_csrf=" + csrf("/login"));
        int held = 0;
        while (expensiveReads.tryEnter()) {
            held++;
        }
        try {
            for (String page : new String[] {"/console/audit/programs/ANY/events.csv", "/console/audit?kind=program&id=ANY",
                    "/console/audit/totals?programId=ANY"}) {
                HttpResponse<String> busy = get(page);
                assertThat(busy.statusCode()).as(page).isEqualTo(429);
                assertThat(busy.headers().firstValue("Retry-After")).as(page).isPresent();
                assertThat(busy.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(
                        t -> assertThat(t).startsWith("text/html"));
                assertThat(busy.body()).as(page).contains("data-code=\"TOO_MANY_EXPENSIVE_READS\"");
            }
            assertThat(get("/console/audit").statusCode()).isEqualTo(200); // the page itself replays nothing
        } finally {
            for (int i = 0; i < held; i++) {
                expensiveReads.exit();
            }
        }
        String tomorrow = java.time.LocalDateTime.now().plusDays(2).withNano(0).toString();
        HttpResponse<String> future = get("/console/audit/balance?programId=ANY&agencyId=A001&at=" + tomorrow);
        assertThat(future.body()).contains("id=\"balance-refusal\"").contains("value=\"A001\"");
    }

    @Test
    void anOfficerSeesWhatVerifyingAWaitingReportWouldAwardBeforeDoingIt() throws Exception {
        String program = programWithSunrise("37.00");
        assertThat(http().post("/api/programs/" + program + "/reports", "officer1", """
                {"reportId": "W1", "agencyId": "A001", "groupRef": "GW1", "sourceMarket": "MY", "tourists": 11,
                 "nights": 2, "arrivalDate": "2025-05-02"}""").status()).isEqualTo(201);
        post("/login", "username=officer2&password=officer2&_csrf=" + csrf("/login"));

        String page = get("/console/programs/" + program).body();

        assertThat(page).contains("id=\"preview-W1\"");
        assertThat(page.substring(page.indexOf("id=\"preview-W1\""))).contains("407.00"); // 11 × 37.00
    }

    @Test
    void aConsoleFormLargerThanTheLimitIsNotAcceptedEvenWithoutALength() throws Exception {
        String program = programWithSunrise("1.00");
        post("/login", "username=sunrise&password=sunrise&_csrf=" + csrf("/login"));
        // a report the console would store, padded past 64 KiB with a field it ignores
        String form = "_csrf=" + csrf("/console/agency") + "&programId=" + program + "&reportId=BIG&groupRef=GB"
                + "&sourceMarket=MY&tourists=12&nights=2&arrivalDate=2025-05-02&padding=" + "p".repeat(70 * 1024);
        byte[] body = form.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/console/agency/reports")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as("the form was not read, so neither was its CSRF token").isEqualTo(403);
        assertThat(http().get("/api/programs/" + program + "/reports/BIG", "officer1").status()).isEqualTo(404);
    }

    @Test
    void anOperatorListsTheVenuesBehindACategorysCoverageOnADate() throws Exception {
        String open = "VL" + java.util.UUID.randomUUID().toString().substring(0, 6);
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
        post("/login", "username=operator&password=operator&_csrf=" + csrf("/login"));

        String june = get("/console/facilities?asOf=2024-06-01&category=INDUSTRIAL_SITE").body();
        String january = get("/console/facilities?asOf=2024-01-01&category=INDUSTRIAL_SITE").body();

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
    void aConsoleSessionLivesThirtyIdleMinutesAndOnceExpiredAsksToSignInAgain() throws Exception {
        post("/login", "username=officer1&password=officer1&_csrf=" + csrf("/login"));
        assertThat(get("/console/officer").statusCode()).isEqualTo(200);
        String id = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .findFirst().orElseThrow().getValue();
        org.apache.catalina.Context web = (org.apache.catalina.Context) ((org.springframework.boot.web.embedded.tomcat
                .TomcatWebServer) server.getWebServer()).getTomcat().getHost().findChildren()[0];
        org.apache.catalina.Session session = web.getManager().findSession(id);

        assertThat(session.getMaxInactiveInterval()).as("seconds idle before the container expires it")
                .isEqualTo(30 * 60);
        session.expire(); // what the container does once that time has passed, without waiting for it here

        HttpResponse<String> after = get("/console/officer");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
    }
}
