package io.ledger.web.incentive;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.eventstore.CommitLog;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;

/** The incentive ledger through HTTP, Basic auth and all: the contract of API.md, role by role. */
class IncentiveLedgerHttpTest extends LedgerTestApplication {

    private static final String RULES = """
            {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"},
                                                    {"fromTourist": 5001, "ratePerTourist": "80.00"}]},
             "largeGroup": {"minGroupSize": 30, "subsidyPerGroup": "3000.00"},
             "pioneering": {"awardPerNewMarket": "100000.00", "minTourists": 1, "minNights": 0}}""";

    @Autowired
    CommitLog commitLog;

    private Http http;
    private String p;

    @BeforeEach
    void setUp() {
        http = http();
        p = "P" + UUID.randomUUID().toString().substring(0, 8);
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}"));
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A002\",\"name\":\"Lotus\",\"licenseNo\":\"L-2\"}"));
        openProgram(p, "10000000", "3000000");
        ok(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));
        ok(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\":\"A002\"}"));
    }

    private void openProgram(String programId, String budget, String cap) {
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Hengyang 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "%s", "agencyAnnualCap": "%s", "rules": %s}""".formatted(programId, budget, cap, RULES)));
    }

    private Response report(String user, String reportId, String agency, String market, int tourists, int nights,
            String date) {
        return http.post("/api/programs/" + p + "/reports", user, """
                {"reportId": "%s", "agencyId": "%s", "groupRef": "G-%s", "sourceMarket": "%s", "tourists": %d,
                 "nights": %d, "arrivalDate": "%s"}""".formatted(reportId, agency, reportId, market, tourists, nights,
                date));
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private long stored() {
        return commitLog.highWaterMark();
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void oneReportFromSubmissionToSettledPayout() {
        Response submitted = report("sunrise", "R1", "A001", "MY", 32, 3, "2025-05-02");
        assertThat(submitted.status()).isEqualTo(201);
        assertThat(submitted.json().get("status").asText()).isEqualTo("SUBMITTED");

        JsonNode verified = ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null)).json();
        assertThat(verified.get("status").asText()).isEqualTo("VERIFIED");
        JsonNode award = verified.get("award");
        assertThat(award.get("headcount").asText()).isEqualTo("1600.00");
        assertThat(award.get("largeGroup").asText()).isEqualTo("3000.00");
        assertThat(award.get("pioneering").asText()).isEqualTo("100000.00");
        assertThat(award.get("computed").asText()).isEqualTo("104600.00");
        assertThat(award.get("accrued").asText()).isEqualTo("104600.00");

        Response requested = http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"" + p + "-PAY1\",\"agencyId\":\"A001\",\"amount\":\"100000\"}");
        assertThat(requested.status()).isEqualTo(201);
        assertThat(requested.json().get("status").asText()).isEqualTo("REQUESTED");
        assertProblem(http.post("/api/payouts/" + p + "-PAY1/approval", "officer1", null), 422, "FOUR_EYES_REQUIRED");
        assertThat(ok(http.post("/api/payouts/" + p + "-PAY1/approval", "officer2", null)).json().get("status").asText())
                .isEqualTo("APPROVED");
        JsonNode settled = ok(http.post("/api/payouts/" + p + "-PAY1/settlement", "officer1",
                "{\"bankReference\":\"BOC-1\",\"settledOn\":\"2025-06-03\"}")).json();
        assertThat(settled.get("status").asText()).isEqualTo("SETTLED");
        assertProblem(http.post("/api/payouts/" + p + "-PAY1/failure", "officer1", "{\"reason\":\"x\"}"), 422,
                "INVALID_PAYOUT_STATE");

        JsonNode balance = ok(http.get("/api/programs/" + p + "/agencies/A001/balance", "sunrise")).json();
        assertThat(balance.get("accrued").asText()).isEqualTo("104600.00");
        assertThat(balance.get("paid").asText()).isEqualTo("100000.00");
        assertThat(balance.get("reserved").asText()).isEqualTo("0.00");
        assertThat(balance.get("outstanding").asText()).isEqualTo("4600.00");
        assertThat(balance.get("capHeadroom").asText()).isEqualTo("2895400.00");
        assertThat(balance.get("cap").asText()).isEqualTo("3000000.00");

        JsonNode totals = ok(http.get("/api/programs/" + p, "auditor")).json().get("totals");
        assertThat(totals.get("accrued").asText()).isEqualTo("104600.00");
        assertThat(totals.get("paid").asText()).isEqualTo("100000.00");
        assertThat(totals.get("remainingBudget").asText()).isEqualTo("9895400.00");

        assertThat(ok(http.get("/api/payouts/" + p + "-PAY1", "sunrise")).json().get("bankReference").asText())
                .isEqualTo("BOC-1");
        assertThat(ok(http.get("/api/programs/" + p + "/payouts?agencyId=A001&status=SETTLED", "auditor")).json())
                .hasSize(1);
        assertThat(ok(http.get("/api/programs/" + p + "/payouts?status=REQUESTED", "auditor")).json()).isEmpty();
    }

    @Test
    void capAndBudgetAreRecordedAndABudgetIncreaseFundsTheWaitingPart() {
        String small = p + "S";
        openProgram(small, "1000", "120000");
        ok(http.post("/api/programs/" + small + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));
        ok(http.post("/api/programs/" + small + "/reports", "officer1", """
                {"reportId": "R1", "agencyId": "A001", "groupRef": "G", "sourceMarket": "SG", "tourists": 40,
                 "nights": 2, "arrivalDate": "2025-03-01"}"""));
        JsonNode award = ok(http.post("/api/programs/" + small + "/reports/R1/verification", "officer2", null)).json()
                .get("award");
        // 2000 + 3000 + 100000 = 105000 computed, within the cap; 1000 of budget
        assertThat(award.get("computed").asText()).isEqualTo("105000.00");
        assertThat(award.get("accrued").asText()).isEqualTo("1000.00");
        assertThat(award.get("unfunded").asText()).isEqualTo("104000.00");
        assertThat(award.get("capped").asText()).isEqualTo("0.00");

        ok(http.post("/api/programs/" + small + "/budget-increases", "officer1",
                "{\"increaseId\":\"INC1\",\"amount\":\"500000\",\"reason\":\"supplementary appropriation\"}"));
        JsonNode balance = ok(http.get("/api/programs/" + small + "/agencies/A001/balance", "officer1")).json();
        assertThat(balance.get("accrued").asText()).isEqualTo("105000.00");
        assertThat(balance.get("unfunded").asText()).isEqualTo("0.00");
    }

    @Test
    void theSameCommandTwiceIsAnsweredAsBeforeAndDifferentContentIsAConflict() {
        Response first = report("sunrise", "R1", "A001", "MY", 12, 2, "2025-05-02");
        long after = stored();
        Response again = report("sunrise", "R1", "A001", "MY", 12, 2, "2025-05-02");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(stored()).as("nothing new stored").isEqualTo(after);
        assertProblem(report("sunrise", "R1", "A001", "MY", 13, 2, "2025-05-02"), 409, "DUPLICATE_ID");

        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null));
        long verified = stored();
        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null));
        assertThat(stored()).isEqualTo(verified);

        ok(http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"" + p + "-P1\",\"agencyId\":\"A001\",\"amount\":\"10\"}"));
        assertThat(http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"" + p + "-P1\",\"agencyId\":\"A001\",\"amount\":\"10.00\"}").status()).isEqualTo(201);
        assertProblem(http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"" + p + "-P1\",\"agencyId\":\"A001\",\"amount\":\"11\"}"), 409, "DUPLICATE_ID");
        assertProblem(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Other name", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "1", "agencyAnnualCap": "1"}""".formatted(p)), 409, "DUPLICATE_ID");
    }

    @Test
    void badInputIsRefusedWithAClearCodeAndStoresNothing() {
        long before = stored();
        for (String amount : List.of("\"1.005\"", "\"-1.00\"", "1e3", "\"abc\"", "100")) {
            Response response = http.post("/api/programs/" + p + "/payouts", "officer1",
                    "{\"payoutId\":\"X1\",\"agencyId\":\"A001\",\"amount\":" + amount + "}");
            assertThat(response.status()).as(amount + " → " + response.body()).isEqualTo(400);
            assertThat(response.json().get("code").asText()).isIn("VALIDATION_FAILED", "MALFORMED_REQUEST");
        }
        assertProblem(report("sunrise", "R1", "A001", "XX", 12, 2, "2025-05-02"), 400, "VALIDATION_FAILED");
        assertProblem(report("sunrise", "R1", "A001", "MY", 0, 2, "2025-05-02"), 400, "VALIDATION_FAILED");
        assertProblem(report("sunrise", "R1", "A001", "MY", 5, -1, "2025-05-02"), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/programs/" + p + "/reports", "sunrise", "{\"reportId\":\"R1\"}"), 400,
                "VALIDATION_FAILED");
        assertProblem(http.post("/api/programs/" + p + "/reports", "sunrise", "{\"reportId\":\"R1\", "), 400,
                "MALFORMED_REQUEST");
        assertProblem(report("sunrise", "R/1", "A001", "MY", 5, 1, "2025-05-02"), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/programs", "officer1", """
                {"programId": "Q1", "name": "x", "fiscalYear": 2025, "currency": "USD", "budget": "1",
                 "agencyAnnualCap": "1"}"""), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/programs", "officer1", """
                {"programId": "Q1", "name": "x", "fiscalYear": 2025, "currency": "CNY", "budget": "1",
                 "agencyAnnualCap": "1", "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 3,
                 "ratePerTourist": "1"}]}}}"""), 400, "VALIDATION_FAILED");
        assertThat(stored()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void unknownIdsAre404() {
        assertProblem(http.get("/api/programs/nope", "officer1"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/agencies/nope", "officer1"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/payouts/nope", "auditor"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/programs/" + p + "/reports/nope", "officer1"), 404, "NOT_FOUND");
        assertProblem(http.post("/api/programs/nope/reports/R1/verification", "officer1", null), 404, "NOT_FOUND");
        assertProblem(http.post("/api/programs/" + p + "/reports/nope/verification", "officer1", null), 404,
                "NOT_FOUND");
        assertProblem(http.post("/api/payouts/nope/approval", "officer2", null), 404, "NOT_FOUND");
        assertProblem(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\":\"NOPE\"}"), 404,
                "NOT_FOUND");
        assertProblem(http.get("/api/programs/nope/payouts", "auditor"), 404, "NOT_FOUND");
    }

    @Test
    void businessRulesRefuseWith422() {
        assertProblem(report("sunrise", "R1", "A001", "MY", 12, 2, "2024-12-31"), 422, "ARRIVAL_OUTSIDE_FISCAL_YEAR");
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A003\",\"name\":\"Other\",\"licenseNo\":\"L-3\"}"));
        assertProblem(report("officer1", "R1", "A003", "MY", 12, 2, "2025-05-02"), 422, "AGENCY_NOT_ENROLLED");
        ok(report("sunrise", "R1", "A001", "MY", 12, 2, "2025-05-02"));
        assertProblem(http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"" + p + "-X\",\"agencyId\":\"A001\",\"amount\":\"1\"}"), 422, "PAYOUT_EXCEEDS_BALANCE");
        assertProblem(http.post("/api/programs/" + p + "/reports/R1/reversal", "officer1", "{\"reason\":\"x\"}"), 422,
                "INVALID_REPORT_STATE");
        ok(http.post("/api/programs/" + p + "/close", "officer1", null));
        assertProblem(report("sunrise", "R2", "A001", "MY", 12, 2, "2025-05-02"), 422, "PROGRAM_CLOSED");
        // what was submitted before closing can still be verified and paid
        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null));
    }

    @Test
    void eachRoleDoesOnlyWhatItMay() {
        ok(report("sunrise", "R1", "A001", "MY", 12, 2, "2025-05-02"));
        ok(report("lotus", "R2", "A002", "SG", 12, 2, "2025-05-02"));
        // an agency reports only for itself and verifies nothing
        assertProblem(report("sunrise", "R3", "A002", "SG", 12, 2, "2025-05-02"), 403, "FORBIDDEN");
        assertProblem(http.post("/api/programs/" + p + "/reports/R1/verification", "sunrise", null), 403, "FORBIDDEN");
        // an agency sees its own agency, reports and balance, and nothing of another: not even whether it exists
        ok(http.get("/api/agencies/A001", "sunrise"));
        assertProblem(http.get("/api/agencies/A002", "sunrise"), 403, "FORBIDDEN");
        assertProblem(http.get("/api/agencies/NOPE", "sunrise"), 403, "FORBIDDEN");
        ok(http.get("/api/programs/" + p + "/reports/R1", "sunrise"));
        assertProblem(http.get("/api/programs/" + p + "/reports/R2", "sunrise"), 403, "FORBIDDEN");
        assertProblem(http.get("/api/programs/" + p + "/reports/NOPE", "sunrise"), 403, "FORBIDDEN");
        assertProblem(http.get("/api/programs/" + p + "/agencies/A002/balance", "sunrise"), 403, "FORBIDDEN");
        assertProblem(http.get("/api/programs/" + p, "sunrise"), 403, "FORBIDDEN");
        assertProblem(http.get("/api/programs/" + p + "/payouts", "sunrise"), 403, "FORBIDDEN");
        // an auditor reads everything and changes nothing
        ok(http.get("/api/programs/" + p + "/reports/R2", "auditor"));
        ok(http.get("/api/programs/" + p + "/agencies/A002/balance", "auditor"));
        ok(http.get("/api/agencies/A002", "auditor"));
        long before = stored();
        assertProblem(http.post("/api/programs/" + p + "/reports/R1/verification", "auditor", null), 403, "FORBIDDEN");
        assertProblem(http.post("/api/agencies", "auditor", "{\"agencyId\":\"Z\",\"name\":\"Z\",\"licenseNo\":\"Z\"}"),
                403, "FORBIDDEN");
        assertProblem(report("auditor", "R9", "A001", "MY", 12, 2, "2025-05-02"), 403, "FORBIDDEN");
        // a facility operator has no business in the incentive ledger
        assertProblem(http.get("/api/programs/" + p, "operator"), 403, "FORBIDDEN");
        assertProblem(http.get("/api/programs/" + p + "/agencies/A001/balance", "operator"), 403, "FORBIDDEN");
        assertProblem(report("operator", "R9", "A001", "MY", 12, 2, "2025-05-02"), 403, "FORBIDDEN");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aReversalAfterPaymentLeavesTheAgencyOwing() {
        ok(report("sunrise", "R1", "A001", "MY", 12, 2, "2025-05-02"));
        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null));
        ok(http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"" + p + "-P\",\"agencyId\":\"A001\",\"amount\":\"100600\"}"));
        ok(http.post("/api/payouts/" + p + "-P/approval", "officer2", null));
        ok(http.post("/api/payouts/" + p + "-P/settlement", "officer1",
                "{\"bankReference\":\"B\",\"settledOn\":\"2025-06-01\"}"));
        JsonNode reversed = ok(http.post("/api/programs/" + p + "/reports/R1/reversal", "officer2",
                "{\"reason\":\"group never arrived\"}")).json();
        assertThat(reversed.get("status").asText()).isEqualTo("REVERSED");
        assertThat(reversed.get("accruedTakenBack").asText()).isEqualTo("100600.00");
        JsonNode balance = ok(http.get("/api/programs/" + p + "/agencies/A001/balance", "sunrise")).json();
        assertThat(balance.get("outstanding").asText()).isEqualTo("-100600.00");
        assertThat(balance.get("accrued").asText()).isEqualTo("0.00");
        assertThat(balance.get("paid").asText()).isEqualTo("100600.00");
    }

    @Test
    void eightOfficersVerifyingAtOnceNeverOverspendTheBudgetOrACap() throws Exception {
        String tight = p + "T";
        openProgram(tight, "500000", "150000");
        List<String> agencies = List.of("C1", "C2", "C3", "C4");
        for (String agency : agencies) {
            ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"" + agency + "\",\"name\":\"n\",\"licenseNo\":\"l\"}"));
            ok(http.post("/api/programs/" + tight + "/enrollments", "officer1", "{\"agencyId\":\"" + agency + "\"}"));
        }
        List<String> markets = List.of("MY", "SG", "JP", "KR", "US", "GB", "DE", "FR");
        int reports = 0;
        for (String agency : agencies) {
            for (String market : markets) {
                // entered by the officer who will not verify it
                String enteredBy = reports % 2 == 0 ? "officer2" : "officer1";
                ok(http.post("/api/programs/" + tight + "/reports", enteredBy, """
                        {"reportId": "R%d", "agencyId": "%s", "groupRef": "G%d", "sourceMarket": "%s", "tourists": 30,
                         "nights": 2, "arrivalDate": "2025-04-01"}""".formatted(reports, agency, reports++, market)));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> runs = new ArrayList<>();
        for (int r = 0; r < reports; r++) {
            String id = "R" + r;
            String officer = r % 2 == 0 ? "officer1" : "officer2";
            runs.add(pool.submit(() -> http().post("/api/programs/" + tight + "/reports/" + id + "/verification",
                    officer, null)));
        }
        for (Future<Response> run : runs) {
            ok(run.get());
        }
        pool.shutdown();

        JsonNode totals = ok(http.get("/api/programs/" + tight, "auditor")).json().get("totals");
        assertThat(money(totals, "accrued")).isEqualByComparingTo("500000.00");
        // 32 reports × (1500 + 3000 + 100000) = 3,344,000 computed; 4 caps of 150,000 = 600,000 payable claims
        assertThat(money(totals, "computed")).isEqualByComparingTo("3344000.00");
        assertThat(money(totals, "accrued").add(money(totals, "unfunded"))).isEqualByComparingTo("600000.00");
        assertThat(money(totals, "computed")).isEqualByComparingTo(
                money(totals, "accrued").add(money(totals, "capped")).add(money(totals, "unfunded")));
        for (String agency : agencies) {
            JsonNode balance = ok(http.get("/api/programs/" + tight + "/agencies/" + agency + "/balance", "auditor"))
                    .json();
            assertThat(money(balance, "accrued").add(money(balance, "unfunded"))).isEqualByComparingTo("150000.00");
        }
    }

    private static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
