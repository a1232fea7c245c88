package io.ledger.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

import io.ledger.testsupport.Http;

/**
 * One browser's worth of console traffic without a browser: a cookie jar for the session, forms
 * sent with the CSRF token of the page that holds them, redirects left to the caller. Through the
 * real filters, so Spring Security's session and CSRF rules apply as they do to a user.
 */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    ConsoleSession(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A session signed in as a test user (password = user name). */
    static ConsoleSession signedIn(int port, String user) {
        ConsoleSession session = new ConsoleSession(port);
        HttpResponse<String> signIn = session.post("/login", "username=" + user + "&password=" + user + "&_csrf="
                + session.csrf("/login"));
        assertThat(signIn.headers().firstValue("Location")).as("signed in as " + user)
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        return session;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)));
    }

    /** A urlencoded body exactly as given. */
    HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A form of {@code page} sent to {@code action}: names and values, encoded as a browser does. */
    HttpResponse<String> submit(String page, String action, String... namesAndValues) {
        StringBuilder form = new StringBuilder("_csrf=").append(csrf(page));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append('&').append(encode(namesAndValues[i])).append('=').append(encode(namesAndValues[i + 1]));
        }
        return post(action, form.toString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String csrf(String page) {
        Matcher token = CSRF.matcher(get(page).body());
        assertThat(token.find()).as("a CSRF token on " + page).isTrue();
        return encode(token.group(1));
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow().getValue();
    }

    /** Where a redirect leads. */
    static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("a redirect: " + response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The element with this id, from its start tag to its end tag (elements of the same name nested inside included). */
    static String element(String page, String id) {
        int at = page.indexOf(" id=\"" + id + "\"");
        assertThat(at).as("an element with id " + id).isNotNegative();
        int start = page.lastIndexOf('<', at);
        String name = page.substring(start + 1).split("[\\s>]", 2)[0];
        int depth = 0;
        Matcher tags = Pattern.compile("<(/?)" + name + "[\\s>]").matcher(page);
        tags.region(start, page.length());
        while (tags.find()) {
            depth += tags.group(1).isEmpty() ? 1 : -1;
            if (depth == 0) {
                return page.substring(start, page.indexOf('>', tags.start()) + 1);
            }
        }
        return page.substring(start, page.indexOf('>', at) + 1); // a void element such as <input>
    }

    static boolean has(String page, String id) {
        return page.contains(" id=\"" + id + "\"");
    }

    /** What a reader sees of some HTML: the text, tags removed, entities decoded, spaces collapsed. */
    static String text(String html) {
        return HtmlUtils.htmlUnescape(html.replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").trim();
    }

    /** The value attribute of the input with this id, decoded. */
    static String value(String page, String id) {
        Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(element(page, id));
        return value.find() ? HtmlUtils.htmlUnescape(value.group(1)) : null;
    }

    /** A new program paying {@code rate} per tourist with the agency A001 (user sunrise) enrolled. */
    static String programWithSunrise(Http http, String rate) {
        String program = "C" + UUID.randomUUID().toString().substring(0, 8);
        http.post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}");
        assertThat(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Console 2025", "fiscalYear": 2025, "currency": "CNY", "budget": "100000",
                 "agencyAnnualCap": "100000", "rules": {"headcount": {"minNights": 1,
                 "tiers": [{"fromTourist": 1, "ratePerTourist": "%s"}]}}}""".formatted(program, rate)).status())
                .isEqualTo(201);
        assertThat(http.post("/api/programs/" + program + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}")
                .status()).isBetween(200, 201);
        return program;
    }

    /** A group of {@code tourists} staying two nights, reported by {@code user} for A001. */
    static void report(Http http, String user, String program, String reportId, int tourists) {
        Http.Response reported = http.post("/api/programs/" + program + "/reports", user, """
                {"reportId": "%s", "agencyId": "A001", "groupRef": "G-%s", "sourceMarket": "MY", "tourists": %d,
                 "nights": 2, "arrivalDate": "2025-05-02"}""".formatted(reportId, reportId, tourists));
        assertThat(reported.status()).as(reported.body()).isEqualTo(201);
    }
}
