package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.eventstore.LedgerEventStorageEngine;

import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LedgerTestApplication;
import io.ledger.web.WriteEndpoints.Endpoint;
import io.ledger.web.limits.ExpensiveReads;

/** Issue 12 through HTTP and Spring Security: separated duties, input that makes money, bounded requests. */
class IntegrityHttpTest extends LedgerTestApplication {

    private static final String RULES = """
            {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "%s"}]},
             "pioneering": {"awardPerNewMarket": "100000.00", "minTourists": 10, "minNights": 2}}""";

    @Autowired
    ExpensiveReads expensiveReads;

    @Autowired
    Clock clock;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private Http http;
    private String p;

    @BeforeEach
    void setUp() {
        http = http();
        p = "I" + UUID.randomUUID().toString().substring(0, 8);
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}"));
        openProgram(p, "50.00");
    }

    private void openProgram(String programId, String rate) {
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Hengyang 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "10000000", "agencyAnnualCap": "3000000", "rules": %s}"""
                .formatted(programId, RULES.formatted(rate))));
        ok(http.post("/api/programs/" + programId + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));
    }

    private Response report(String programId, String user, String reportId, String groupRef, String market,
            int tourists, int nights) {
        return http.post("/api/programs/" + programId + "/reports", user, """
                {"reportId": "%s", "agencyId": "A001", "groupRef": "%s", "sourceMarket": "%s", "tourists": %d,
                 "nights": %d, "arrivalDate": "2025-05-02"}""".formatted(reportId, groupRef, market, tourists, nights));
    }

    private long stored() {
        return ((LedgerEventStorageEngine) engine).highWaterMark();
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void whoeverEnteredAReportCannotVerifyIt() {
        ok(report(p, "officer1", "R1", "G1", "MY", 12, 2));
        assertProblem(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null), 422,
                "SAME_USER_NOT_ALLOWED");
        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer2", null));
    }

    @Test
    void onlyInboundMarketsOfTheProgramAndOnlyBigEnoughGroupsEarn() {
        assertProblem(report(p, "sunrise", "R1", "G1", "CN", 12, 2), 422, "MARKET_NOT_ELIGIBLE");
        assertProblem(report(p, "sunrise", "R2", "G2", "AQ", 1, 0), 422, "MARKET_NOT_ELIGIBLE");
        ok(report(p, "sunrise", "R3", "G3", "SG", 9, 2));
        Response small = ok(http.post("/api/programs/" + p + "/reports/R3/verification", "officer1", null));
        assertThat(small.json().get("award").get("pioneering").asText()).isEqualTo("0.00");
        assertProblem(http.post("/api/programs", "officer1", """
                {"programId": "%sX", "name": "n", "fiscalYear": 2025, "currency": "CNY", "budget": "1",
                 "agencyAnnualCap": "1", "eligibleMarkets": ["MY", "CN"]}""".formatted(p)), 400, "VALIDATION_FAILED");
    }

    @Test
    void theSameGroupUnderTwoReportIdsIsRefused() {
        ok(report(p, "sunrise", "R1", "KL-0412", "MY", 12, 2));
        assertProblem(report(p, "sunrise", "R2", "KL-0412", "MY", 12, 2), 422, "DUPLICATE_GROUP");
    }

    @Test
    void textThatHidesOrReordersCharactersIsRefusedAndNothingIsStored() {
        assertProblem(report(p, "sunrise", "R1", "G\u202Egnp.exe", "MY", 12, 2), 400, "UNSAFE_TEXT");
        assertProblem(report(p, "sunrise", "R1", "G\\u0007", "MY", 12, 2), 400, "UNSAFE_TEXT");
        assertProblem(report(p, "sunrise", "R1", "G\\ud800", "MY", 12, 2), 400, "UNSAFE_TEXT"); // a lone surrogate
        assertProblem(http.get("/api/programs/" + p + "/reports/R1", "officer1"), 404, "NOT_FOUND");
    }

    @Test
    void moneyThatWouldOverflowIsRefusedNeverA500() {
        assertProblem(http.post("/api/programs/" + p + "/budget-increases", "officer1",
                "{\"increaseId\":\"I1\",\"amount\":\"99999999999999999999\",\"reason\":\"r\"}"), 400,
                "VALIDATION_FAILED");
        String rich = p + "R";
        openProgram(rich, "1000000000000");
        ok(report(rich, "sunrise", "R1", "G1", "MY", 100_000, 2));
        assertProblem(http.post("/api/programs/" + rich + "/reports/R1/verification", "officer1", null), 422,
                "AMOUNT_OUT_OF_RANGE");
    }

    @Test
    void datesInTheFutureOrOutOfOrderAreRefused() {
        assertProblem(http.get("/api/programs/" + p + "/agencies/A001/balance?asOf=2999-01-01T00:00:00Z",
                "officer1"), 400, "VALIDATION_FAILED");
        assertProblem(http.get("/api/audit/payment-activity?from=2025-02-01&to=2025-01-01", "auditor"), 400,
                "VALIDATION_FAILED");
        assertProblem(http.post("/api/venues", "operator", """
                {"venueId": "V-%s", "name": "n", "category": "AIRPORT", "district": "d", "openedOn": "1700-01-01"}"""
                .formatted(p)), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/payouts/none/settlement", "officer1",
                "{\"bankReference\":\"B\",\"settledOn\":\"2999-01-01\"}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void anAsOfInTheFutureIsRefusedOnTheCsvExportAndOnCoverage() {
        Instant later = clock.instant().plus(Duration.ofHours(1));
        // two days ahead: still ahead if midnight passes while the request is on its way
        String ahead = LocalDate.now(clock).plusDays(2).toString();
        assertProblem(http.get("/api/audit/programs/" + p + "/balances.csv?asOf=" + later, "auditor"), 400,
                "VALIDATION_FAILED");
        assertProblem(http.get("/api/coverage?asOf=" + ahead, "auditor"), 400, "VALIDATION_FAILED");
        assertProblem(http.get("/api/audit/coverage?asOf=" + ahead, "auditor"), 400, "VALIDATION_FAILED");

        String today = LocalDate.now(clock).toString();
        ok(http.get("/api/audit/programs/" + p + "/balances.csv?asOf=" + clock.instant(), "auditor"));
        ok(http.get("/api/coverage?asOf=" + today, "auditor"));
        ok(http.get("/api/audit/coverage?asOf=" + today, "auditor"));
    }

    @Test
    void facilityDatesStartIn1990AndAVenueOpensAtMostAYearAhead() {
        String venue = "V-" + p;
        ok(http.post("/api/venues", "operator", """
                {"venueId": "%s", "name": "n", "category": "AIRPORT", "district": "d"}""".formatted(venue)));
        long before = stored();
        assertProblem(http.post("/api/venues/" + venue + "/facilities", "operator",
                "{\"facilityId\":\"F1\",\"kind\":\"FOREIGN_CARD_POS\",\"installedOn\":\"1989-12-31\"}"), 400,
                "VALIDATION_FAILED");
        assertProblem(http.post("/api/venues/" + venue + "/activity", "operator", """
                {"activityId": "A1", "channel": "FOREIGN_CARD_PAYMENT", "periodStart": "1989-12-31",
                 "periodEnd": "1990-01-31", "transactions": 1, "amount": "1", "visitorsServed": 1}"""), 400,
                "VALIDATION_FAILED");
        LocalDate today = LocalDate.now(clock);
        assertProblem(http.post("/api/venues", "operator", """
                {"venueId": "%sL", "name": "n", "category": "AIRPORT", "district": "d", "openedOn": "%s"}"""
                .formatted(venue, today.plusYears(1).plusDays(2))), 400, "VALIDATION_FAILED");
        assertThat(stored()).isEqualTo(before);

        ok(http.post("/api/venues/" + venue + "/facilities", "operator",
                "{\"facilityId\":\"F1\",\"kind\":\"FOREIGN_CARD_POS\",\"installedOn\":\"1990-01-01\"}"));
        assertProblem(http.post("/api/venues/" + venue + "/facilities/F1/removal", "operator",
                "{\"removedOn\":\"1989-12-31\",\"reason\":\"r\"}"), 400, "VALIDATION_FAILED");
        ok(http.post("/api/venues", "operator", """
                {"venueId": "%sP", "name": "n", "category": "AIRPORT", "district": "d", "openedOn": "%s"}"""
                .formatted(venue, today.plusYears(1))));
    }

    /** Every write endpoint, for the media-type rule; nothing is stored, so any ids do. */
    static List<Endpoint> writeEndpoints() {
        return WriteEndpoints.all("P415", "V415", "S415");
    }

    @ParameterizedTest
    @MethodSource("writeEndpoints")
    void everyWriteAcceptsOnlyJson(Endpoint endpoint) {
        long before = stored();
        String json = endpoint.hasBody() ? "{}" : null;
        assertProblem(http.raw("POST", endpoint.path(), endpoint.user(), "application/x-www-form-urlencoded", "a=b"),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(http.raw("POST", endpoint.path(), endpoint.user(), "text/plain", "{}"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(http.raw("POST", endpoint.path(), endpoint.user(), "multipart/form-data; boundary=x", "--x--"),
                415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(http.raw("POST", endpoint.path(), endpoint.user(), null, json), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void theListOfWriteEndpointsHoldsEveryWriteTheApplicationMaps() {
        List<String> paths = writeEndpoints().stream().map(Endpoint::path).toList();
        List<String> missing = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(mapping -> {
            Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
            boolean writes = methods.isEmpty() || methods.stream()
                    .anyMatch(m -> m != RequestMethod.GET && m != RequestMethod.HEAD && m != RequestMethod.OPTIONS);
            for (String pattern : mapping.getPatternValues()) {
                // the echo endpoint exists only in tests
                if (!writes || !pattern.startsWith("/api/") || pattern.equals("/api/test-echo")) {
                    continue;
                }
                PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
                if (paths.stream().noneMatch(path -> parsed.matches(PathContainer.parsePath(path)))) {
                    missing.add(methods + " " + pattern);
                }
            }
        });
        assertThat(missing).as("write endpoints missing from WriteEndpoints").isEmpty();
        assertThat(paths).hasSizeGreaterThan(15);
    }

    @Test
    void theMakersOfABudgetIncreaseAndOfAReversalAreInTheAuditorsHistory() {
        ok(report(p, "sunrise", "R1", "G1", "MY", 12, 2));
        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null));
        ok(http.post("/api/programs/" + p + "/budget-increases", "officer1",
                "{\"increaseId\":\"I1\",\"amount\":\"5000\",\"reason\":\"decision 2025-17\"}"));
        ok(http.post("/api/programs/" + p + "/reports/R1/reversal", "officer2", "{\"reason\":\"group not seen\"}"));

        JsonNode events = ok(http.get("/api/audit/events?programId=" + p, "auditor")).json().get("events");
        JsonNode increased = only(events, "BudgetIncreased");
        assertThat(increased.get("user").asText()).isEqualTo("officer1");
        assertThat(increased.get("payload").get("increasedBy").asText()).isEqualTo("officer1");
        assertThat(increased.get("payload").get("reason").asText()).isEqualTo("decision 2025-17");
        JsonNode reversed = only(events, "ReportReversed");
        assertThat(reversed.get("user").asText()).isEqualTo("officer2");
        assertThat(reversed.get("payload").get("reversedBy").asText()).isEqualTo("officer2");
    }

    private static JsonNode only(JsonNode events, String type) {
        List<JsonNode> found = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("type").asText().equals(type)) {
                found.add(e);
            }
        });
        assertThat(found).as(type + " in " + events).hasSize(1);
        return found.get(0);
    }

    @Test
    void bodiesOverTheLimitAnswer413() {
        String huge = "{\"reason\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(http.post("/api/programs/" + p + "/reports/R1/rejection", "officer1", huge), 413,
                "PAYLOAD_TOO_LARGE");
        // without a Content-Length the limit holds while the body is read
        Response chunked = http.postChunked("/api/programs/" + p + "/reports", "officer1", """
                {"reportId": "R-CHUNKED", "agencyId": "A001", "groupRef": "%s", "sourceMarket": "MY", "tourists": 12,
                 "nights": 2, "arrivalDate": "2025-05-02"}""".formatted("g".repeat(70 * 1024)));
        assertProblem(chunked, 413, "PAYLOAD_TOO_LARGE");
        assertThat(http.get("/api/programs/" + p + "/reports/R-CHUNKED", "officer1").status()).isEqualTo(404);
    }

    @Test
    void writesAcceptOnlyJsonSoAnHtmlFormCannotApproveAPayout() {
        assertProblem(http.raw("POST", "/api/payouts/x/approval", "officer2", "application/x-www-form-urlencoded",
                "a=b"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(http.raw("POST", "/api/payouts/x/approval", "officer2", "text/plain", "{}"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(http.raw("POST", "/api/payouts/x/approval", "officer2", null, null), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(http.raw("POST", "/api/payouts/x/approval", null, "text/plain", "{}"), 401, "UNAUTHENTICATED");
    }

    @Test
    void percentEncodedPathsMeetTheSameLimitsAsPlainOnes() {
        // "%61" is "a": the server routes /%61pi/... to the same controllers as /api/...
        assertProblem(http.raw("POST", "/%61pi/programs/" + p + "/payouts/x/approval", "officer2",
                "application/x-www-form-urlencoded", "a=b"), 415, "UNSUPPORTED_MEDIA_TYPE");
        String huge = "{\"reason\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(http.post("/%61pi/programs/" + p + "/reports/R1/rejection", "officer1", huge), 413,
                "PAYLOAD_TOO_LARGE");
        int held = 0;
        while (expensiveReads.tryEnter()) {
            held++;
        }
        try {
            assertProblem(http.get("/%61pi/audit/programs/" + p + "/events.csv", "auditor"), 429,
                    "TOO_MANY_EXPENSIVE_READS");
        } finally {
            for (int i = 0; i < held; i++) {
                expensiveReads.exit();
            }
        }
    }

    @Test
    void aReconciliationWithoutAProjectionIs400() {
        assertProblem(http.post("/api/audit/reconciliations", "auditor", "{}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void expensiveReadsPastTheBulkheadAnswer429WithRetryAfter() {
        int held = 0;
        while (expensiveReads.tryEnter()) {
            held++;
        }
        try {
            Response busy = http.get("/api/audit/programs/" + p + "/events.csv", "auditor");
            assertProblem(busy, 429, "TOO_MANY_EXPENSIVE_READS");
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
            ok(http.get("/api/programs/" + p, "auditor")); // cheap reads are not held back
        } finally {
            for (int i = 0; i < held; i++) {
                expensiveReads.exit();
            }
        }
        ok(http.get("/api/audit/programs/" + p + "/events.csv", "auditor"));
    }

    @Test
    void payoutIdsAreUniquePerProgramAndTheOldRoutesRefuseToGuess() {
        String other = p + "B";
        openProgram(other, "50.00");
        for (String program : new String[] {p, other}) {
            ok(report(program, "sunrise", "R1", "G1", "MY", 12, 2));
            ok(http.post("/api/programs/" + program + "/reports/R1/verification", "officer1", null));
        }
        String payout = "PAY-" + p;
        ok(http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"" + payout + "\",\"agencyId\":\"A001\",\"amount\":\"100\"}"));
        ok(http.post("/api/payouts/" + payout + "/approval", "officer2", null)); // one program: the alias works
        ok(http.post("/api/programs/" + other + "/payouts", "officer1",
                "{\"payoutId\":\"" + payout + "\",\"agencyId\":\"A001\",\"amount\":\"200\"}"));

        assertProblem(http.post("/api/payouts/" + payout + "/approval", "officer2", null), 409,
                "AMBIGUOUS_PAYOUT_ID");
        assertThat(ok(http.get("/api/programs/" + p + "/payouts/" + payout, "auditor")).json().get("status").asText())
                .isEqualTo("APPROVED");
        Response second = ok(http.post("/api/programs/" + other + "/payouts/" + payout + "/approval", "officer2",
                null));
        assertThat(second.json().get("amount").asText()).isEqualTo("200.00");
        assertThat(second.json().get("programId").asText()).isEqualTo(other);
        assertThat(ok(http.get("/api/programs/" + p + "/payouts?offset=0&limit=1", "auditor")).json()).hasSize(1);
    }
}
