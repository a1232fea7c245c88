package io.ledger.web.facilities;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.demo.BeijingFacilitiesDemo;
import io.ledger.eventstore.CommitLog;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.support.ProjectionProgress;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LedgerTestApplication;

/** The payment-facility record over HTTP, with the seeds' Beijing figures. */
class FacilityHttpTest extends LedgerTestApplication {

    @Autowired
    BeijingFacilitiesDemo beijing;
    @Autowired
    ProjectionProgress progress;
    @Autowired
    CommitLog commitLog;

    private long stored() {
        return commitLog.highWaterMark();
    }

    private JsonNode category(JsonNode coverage, String category) {
        for (JsonNode node : coverage.get("categories")) {
            if (node.get("category").asText().equals(category)) {
                return node;
            }
        }
        throw new AssertionError(category);
    }

    private static JsonNode channel(JsonNode activity, String channel) {
        for (JsonNode node : activity.get("channels")) {
            if (node.get("channel").asText().equals(channel)) {
                return node;
            }
        }
        throw new AssertionError(channel);
    }

    @Test
    void theSeedsFiguresComeOutExactly() throws InterruptedException {
        beijing.load();
        assertThat(progress.awaitPosition(FacilityCollections.PROCESSING_GROUP, stored(), Duration.ofSeconds(60)))
                .isTrue();

        JsonNode covered = http().get("/api/coverage?asOf=2024-04-30", "auditor").json();
        int scenic = 0;
        int scenicWithPos = 0;
        for (String category : new String[] {"SCENIC_5A", "SCENIC_4A"}) {
            scenic += category(covered, category).get("venues").asInt();
            scenicWithPos += category(covered, category).get("withForeignCardPos").asInt();
            assertThat(category(covered, category).get("posCoverage").asText()).isEqualTo("1.0000");
        }
        int hotels = 0;
        int hotelsWithPos = 0;
        for (String category : new String[] {"HOTEL_5_STAR", "HOTEL_4_STAR"}) {
            hotels += category(covered, category).get("venues").asInt();
            hotelsWithPos += category(covered, category).get("withForeignCardPos").asInt();
            assertThat(category(covered, category).get("posCoverage").asText()).isEqualTo("1.0000");
        }
        assertThat(scenic).isEqualTo(79);
        assertThat(scenicWithPos).isEqualTo(79);
        assertThat(hotels).isEqualTo(149);
        assertThat(hotelsWithPos).isEqualTo(149);

        JsonNode earlier = http().get("/api/coverage?asOf=2024-01-01", "officer1").json();
        assertThat(category(earlier, "SCENIC_4A").get("withForeignCardPos").asInt()).isBetween(1, 70);
        assertThat(category(earlier, "HOTEL_4_STAR").get("withForeignCardPos").asInt()).isBetween(1, 86);
        JsonNode beforeCampaign = http().get("/api/coverage?asOf=2023-08-31", "operator").json();
        assertThat(category(beforeCampaign, "HOTEL_5_STAR").get("posCoverage").asText()).isEqualTo("0.0000");

        JsonNode zone = http().get("/api/payment-activity?from=2024-02-05&to=2024-05-19", "auditor").json();
        assertThat(channel(zone, "FOREIGN_CARD_PAYMENT").get("transactions").asLong()).isEqualTo(278_000);
        assertThat(channel(zone, "FOREIGN_CARD_PAYMENT").get("amount").asText()).isEqualTo("85391000.00");
        assertThat(channel(zone, "CURRENCY_EXCHANGE").get("transactions").asLong()).isEqualTo(32_000);
        assertThat(channel(zone, "CURRENCY_EXCHANGE").get("amount").asText()).isEqualTo("42965000.00");
        assertThat(channel(zone, "FOREIGN_CARD_CASH_WITHDRAWAL").get("transactions").asLong()).isEqualTo(18_000);
        assertThat(channel(zone, "FOREIGN_CARD_CASH_WITHDRAWAL").get("amount").asText()).isEqualTo("21603000.00");
        assertThat(zone.get("visitorsServed").asLong()).isEqualTo(10_125);

        JsonNode daxing = http().get("/api/payment-activity?venueId=BJ-PKX", "operator").json();
        assertThat(channel(daxing, "FOREIGN_CARD_PAYMENT").get("transactions").asLong()).isEqualTo(118_000);

        // loading the scenario again stores nothing
        long before = stored();
        beijing.load();
        assertThat(stored()).isEqualTo(before);

        String metrics = scrapeShowing("ledger_payment_activity_visitors_served_total 10125.0");
        assertThat(metrics).contains("ledger_facility_coverage_ratio{category=\"hotel_5_star\",facility=\"foreign_card_pos\"} 1.0")
                .contains("ledger_payment_activity_transactions_total{channel=\"foreign_card_payment\"} 278000.0")
                .contains("ledger_payment_activity_visitors_served_total 10125.0");
    }

    @Test
    void operatorsRecordAndTheIncentiveSideReadsOnly() {
        Response venue = http().post("/api/venues", "operator", """
                {"venueId": "T-ST-1", "name": "Qianmen Street", "category": "SHOPPING_STREET", "district": "Dongcheng",
                 "openedOn": "2020-01-01"}""");
        assertThat(venue.status()).isEqualTo(201);
        assertThat(http().post("/api/venues/T-ST-1/facilities", "operator",
                "{\"facilityId\":\"TR1\",\"kind\":\"TAX_REFUND_POINT\",\"installedOn\":\"2024-03-01\"}").status())
                .isEqualTo(201);
        assertThat(http().post("/api/venues", "officer1", """
                {"venueId": "T-ST-2", "name": "x", "category": "SHOPPING_STREET", "district": "x"}""").status())
                .isEqualTo(403);
        assertThat(http().post("/api/venues", "sunrise", """
                {"venueId": "T-ST-2", "name": "x", "category": "SHOPPING_STREET", "district": "x"}""").status())
                .isEqualTo(403);
        assertThat(http().get("/api/coverage", "sunrise").status()).isEqualTo(403);
        assertThat(http().get("/api/coverage", "auditor").status()).isEqualTo(200);
        // the operator has no business in the incentive ledger
        assertThat(http().get("/api/agencies/A001", "operator").status()).isEqualTo(403);
    }

    @Test
    void badActivityIsRefusedAndStoresNothing() {
        http().post("/api/venues", "operator", """
                {"venueId": "T-AP-1", "name": "Test airport", "category": "AIRPORT", "district": "x"}""");
        http().post("/api/venues/T-AP-1/facilities", "operator",
                "{\"facilityId\":\"POS\",\"kind\":\"FOREIGN_CARD_POS\",\"installedOn\":\"2024-01-01\"}");
        long before = stored();
        String template = """
                {"activityId": "X", "channel": "%s", "periodStart": "%s", "periodEnd": "%s", "transactions": %d,
                 "amount": "%s", "visitorsServed": 0}""";
        assertCode(http().post("/api/venues/T-AP-1/activity", "operator",
                template.formatted("CURRENCY_EXCHANGE", "2024-02-01", "2024-02-28", 1, "1")), 422,
                "NO_FACILITY_FOR_CHANNEL");
        assertCode(http().post("/api/venues/T-AP-1/activity", "operator",
                template.formatted("FOREIGN_CARD_PAYMENT", "2024-02-28", "2024-02-01", 1, "1")), 422, "INVALID_PERIOD");
        assertCode(http().post("/api/venues/T-AP-1/activity", "operator",
                template.formatted("FOREIGN_CARD_PAYMENT", "2024-02-01", "2024-02-28", -1, "1")), 400,
                "VALIDATION_FAILED");
        assertCode(http().post("/api/venues/T-AP-1/activity", "operator",
                template.formatted("FOREIGN_CARD_PAYMENT", "2024-02-01", "2024-02-28", 1, "-1")), 400,
                "VALIDATION_FAILED");
        assertCode(http().post("/api/venues/T-AP-1/activity", "operator",
                template.formatted("CARRIER_PIGEON", "2024-02-01", "2024-02-28", 1, "1")), 400, "VALIDATION_FAILED");
        assertCode(http().post("/api/venues/NOPE/activity", "operator",
                template.formatted("FOREIGN_CARD_PAYMENT", "2024-02-01", "2024-02-28", 1, "1")), 404, "NOT_FOUND");
        assertCode(http().get("/api/payment-activity?from=2024-03-01&to=2024-02-01", "operator"), 400,
                "VALIDATION_FAILED");
        assertThat(stored()).isEqualTo(before);
    }

    private static void assertCode(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("code").asText()).isEqualTo(code);
    }
}
