package io.ledger.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LedgerTestApplication;

/** Exports go out as they are written; an agency's history comes in pages. */
class AuditExportsHttpTest extends LedgerTestApplication {

    private static final int REPORTS = 60;

    private Http http;
    private String p;
    private String agency;

    @BeforeEach
    void setUp() {
        http = http();
        p = "X" + UUID.randomUUID().toString().substring(0, 8);
        agency = "G" + UUID.randomUUID().toString().substring(0, 6);
        ok(http.post("/api/agencies", "officer1", """
                {"agencyId": "%s", "name": "Export Travel", "licenseNo": "L-X"}""".formatted(agency)));
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Exports 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "10000000", "agencyAnnualCap": "3000000",
                 "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]}}}"""
                .formatted(p)));
        ok(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\": \"" + agency + "\"}"));
        for (int i = 0; i < REPORTS; i++) {
            ok(http.post("/api/programs/" + p + "/reports", "officer1", """
                    {"reportId": "R%d", "agencyId": "%s", "groupRef": "GR-%d", "sourceMarket": "MY", "tourists": 12,
                     "nights": 2, "arrivalDate": "2025-05-02"}""".formatted(i, agency, i)));
        }
    }

    @Test
    void theEventsCsvIsStreamedNotBuiltWhole() {
        Response csv = http.get("/api/audit/programs/" + p + "/events.csv", "auditor");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().count()).isEqualTo(1 + 1 + 1 + REPORTS); // header, opened, enrolled, reports
        assertThat(csv.body().length()).as("longer than the server's response buffer").isGreaterThan(8 * 1024);
        assertThat(csv.headers().firstValue("Content-Length")).as("sent in chunks as it is written").isEmpty();
        assertThat(csv.headers().firstValue("Transfer-Encoding")).contains("chunked");
    }

    @Test
    void anAgencysHistoryComesInPages() {
        JsonNode first = ok(http.get("/api/audit/events?agencyId=" + agency + "&programId=" + p + "&size=10",
                "auditor")).json();
        JsonNode last = ok(http.get("/api/audit/events?agencyId=" + agency + "&programId=" + p + "&size=10&page=6",
                "auditor")).json();

        assertThat(first.get("events")).hasSize(10);
        assertThat(first.get("more").asBoolean()).isTrue();
        // registered, enrolled and 60 reports: 62 events, the seventh page holds the last two
        assertThat(last.get("events")).hasSize(2);
        assertThat(last.get("more").asBoolean()).isFalse();
        assertThat(first.get("events").get(0).get("position").asLong())
                .isLessThan(first.get("events").get(9).get("position").asLong());
    }

    @Test
    void pagesOfAnAgencysHistoryOverSeveralProgramsFollowTheGlobalOrderWithoutGapsOrRepeats() {
        String q = "Y" + UUID.randomUUID().toString().substring(0, 8);
        String other = "H" + UUID.randomUUID().toString().substring(0, 6);
        ok(http.post("/api/agencies", "officer1", """
                {"agencyId": "%s", "name": "Other Travel", "licenseNo": "L-Y"}""".formatted(other)));
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Second 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "10000000", "agencyAnnualCap": "3000000",
                 "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]}}}"""
                .formatted(q)));
        for (String a : new String[] {agency, other}) {
            ok(http.post("/api/programs/" + q + "/enrollments", "officer1", "{\"agencyId\": \"" + a + "\"}"));
        }
        for (int i = 0; i < 5; i++) { // the agency's events alternate between the two programs
            for (String[] to : new String[][] {{p, agency}, {q, agency}, {q, other}}) {
                ok(http.post("/api/programs/" + to[0] + "/reports", "officer1", """
                        {"reportId": "S%d-%s", "agencyId": "%s", "groupRef": "GS-%d", "sourceMarket": "SG",
                         "tourists": 12, "nights": 2, "arrivalDate": "2025-05-03"}""".formatted(i, to[1], to[1], i)));
            }
        }

        java.util.List<Long> paged = new java.util.ArrayList<>();
        JsonNode page;
        int n = 0;
        do {
            page = ok(http.get("/api/audit/events?agencyId=" + agency + "&size=7&page=" + n++, "auditor")).json();
            page.get("events").forEach(e -> {
                assertThat(e.get("payload").path("agencyId").asText(agency)).isEqualTo(agency);
                paged.add(e.get("position").asLong());
            });
        } while (page.get("more").asBoolean());
        java.util.List<Long> whole = new java.util.ArrayList<>();
        ok(http.get("/api/audit/events?agencyId=" + agency + "&size=1000", "auditor")).json().get("events")
                .forEach(e -> whole.add(e.get("position").asLong()));

        // registered, enrolled twice, 60 + 5 reports in the first program and 5 in the second
        assertThat(paged).hasSize(1 + 2 + REPORTS + 10).isSorted().doesNotHaveDuplicates().isEqualTo(whole);
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }
}
