package io.ledger.web.incentive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LedgerTestApplication;

/**
 * An officer sees what verifying a waiting report would award before doing it, decided by the
 * program itself: the preview is exactly what the verification then records, and asking stores
 * nothing.
 */
class AwardPreviewHttpTest extends LedgerTestApplication {

    private Http http;
    private String p;

    @BeforeEach
    void setUp() {
        http = http();
        p = "V" + UUID.randomUUID().toString().substring(0, 8);
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}"));
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Preview 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "10000", "agencyAnnualCap": "3000",
                 "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]}}}"""
                .formatted(p)));
        ok(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));
        report("R1", 20);
        report("R2", 50);
    }

    private void report(String reportId, int tourists) {
        ok(http.post("/api/programs/" + p + "/reports", "officer1", """
                {"reportId": "%s", "agencyId": "A001", "groupRef": "G-%s", "sourceMarket": "MY", "tourists": %d,
                 "nights": 2, "arrivalDate": "2025-05-02"}""".formatted(reportId, reportId, tourists)));
    }

    private JsonNode previews() {
        return ok(http.get("/api/programs/" + p + "/award-previews", "officer2")).json().get("reports");
    }

    @Test
    void thePreviewIsWhatTheVerificationThenRecords() {
        JsonNode before = previews();
        assertThat(before.get("R1").get("computed").asText()).isEqualTo("1000.00");
        assertThat(before.get("R2").get("accrued").asText()).as("alone, under the cap").isEqualTo("2500.00");

        JsonNode r1 = ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer2", null)).json();
        assertThat(r1.get("award")).isEqualTo(before.get("R1"));

        JsonNode after = previews();
        assertThat(after.has("R1")).as("no longer waiting").isFalse();
        JsonNode r2Preview = after.get("R2");
        assertThat(r2Preview.get("accrued").asText()).as("the cap's room after R1").isEqualTo("2000.00");
        assertThat(r2Preview.get("capped").asText()).isEqualTo("500.00");
        JsonNode r2 = ok(http.post("/api/programs/" + p + "/reports/R2/verification", "officer2", null)).json();
        assertThat(r2.get("award")).isEqualTo(r2Preview);
    }

    @Test
    void askingStoresNothing() {
        long before = ok(http.get("/api/audit/events?programId=" + p + "&size=1000", "auditor")).json().get("events")
                .size();
        previews();
        previews();
        long after = ok(http.get("/api/audit/events?programId=" + p + "&size=1000", "auditor")).json().get("events")
                .size();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void onlyOfficersAskAndAnUnknownProgramIsNotFound() {
        assertThat(http.get("/api/programs/" + p + "/award-previews", "sunrise").status()).isEqualTo(403);
        assertThat(http.get("/api/programs/" + p + "/award-previews", "auditor").status()).isEqualTo(403);
        Response unknown = http.get("/api/programs/NOPE-" + p + "/award-previews", "officer2");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }
}
