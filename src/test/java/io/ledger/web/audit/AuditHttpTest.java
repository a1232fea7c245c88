package io.ledger.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.api.Money;
import io.ledger.eventstore.HashChain;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LedgerTestApplication;

/** What an auditor can establish through the API, without trusting the read models. */
class AuditHttpTest extends LedgerTestApplication {

    @Autowired
    CommandGateway commands;

    @Autowired
    HashChain hashChain;

    private Http http;
    private String p;

    @BeforeEach
    void setUp() {
        http = http();
        p = "AU" + UUID.randomUUID().toString().substring(0, 8);
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}"));
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Audit 2025", "fiscalYear": 2025, "currency": "CNY", "budget": "150000",
                 "agencyAnnualCap": "120000", "rules": {"pioneering": {"awardPerNewMarket": "100000.00", "minTourists": 1, "minNights": 0},
                 "largeGroup": {"minGroupSize": 30, "subsidyPerGroup": "3000.00"}}}""".formatted(p)));
        ok(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private Instant tick() {
        Instant now = Instant.now();
        while (!Instant.now().isAfter(now)) {
            Thread.onSpinWait();
        }
        Instant after = Instant.now();
        while (!Instant.now().isAfter(after)) {
            Thread.onSpinWait();
        }
        return after;
    }

    private JsonNode balanceNow() {
        return ok(http.get("/api/programs/" + p + "/agencies/A001/balance", "auditor")).json();
    }

    private static List<String> figures(JsonNode balance) {
        List<String> figures = new ArrayList<>();
        for (String field : List.of("cap", "computed", "accrued", "capped", "unfunded", "reserved", "paid",
                "outstanding", "capHeadroom")) {
            figures.add(field + "=" + balance.get(field).asText());
        }
        return figures;
    }

    @Test
    void aBalanceAsOfAnyPastInstantIsTheOneShownThen() {
        Map<Instant, List<String>> shown = new LinkedHashMap<>();
        shown.put(tick(), figures(balanceNow()));
        Runnable[] steps = {
            () -> ok(http.post("/api/programs/" + p + "/reports", "sunrise", """
                    {"reportId": "R1", "agencyId": "A001", "groupRef": "G1", "sourceMarket": "MY", "tourists": 30,
                     "nights": 2, "arrivalDate": "2025-05-02"}""")),
            () -> ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null)),
            () -> ok(http.post("/api/programs/" + p + "/reports", "sunrise", """
                    {"reportId": "R2", "agencyId": "A001", "groupRef": "G2", "sourceMarket": "SG", "tourists": 30,
                     "nights": 2, "arrivalDate": "2025-05-03"}""")),
            () -> ok(http.post("/api/programs/" + p + "/reports/R2/verification", "officer1", null)),
            () -> ok(http.post("/api/programs/" + p + "/payouts", "officer1",
                    "{\"payoutId\":\"" + p + "-1\",\"agencyId\":\"A001\",\"amount\":\"60000\"}")),
            () -> ok(http.post("/api/payouts/" + p + "-1/approval", "officer2", null)),
            () -> ok(http.post("/api/payouts/" + p + "-1/settlement", "officer1",
                    "{\"bankReference\":\"B1\",\"settledOn\":\"2025-06-01\"}")),
            () -> ok(http.post("/api/programs/" + p + "/payouts", "officer1",
                    "{\"payoutId\":\"" + p + "-2\",\"agencyId\":\"A001\",\"amount\":\"10000\"}")),
            () -> ok(http.post("/api/payouts/" + p + "-2/failure", "officer1", "{\"reason\":\"account closed\"}")),
            () -> ok(http.post("/api/programs/" + p + "/budget-increases", "officer1",
                    "{\"increaseId\":\"I1\",\"amount\":\"50000\",\"reason\":\"top-up\"}")),
            () -> ok(http.post("/api/programs/" + p + "/reports/R1/reversal", "officer2", "{\"reason\":\"no group\"}")),
        };
        for (Runnable step : steps) {
            step.run();
            shown.put(tick(), figures(balanceNow()));
        }
        for (Map.Entry<Instant, List<String>> moment : shown.entrySet()) {
            if (moment.equals(shown.entrySet().iterator().next())) {
                continue; // before the first report the agency was enrolled with zero everywhere
            }
            JsonNode asOf = ok(http.get("/api/programs/" + p + "/agencies/A001/balance?asOf=" + moment.getKey(),
                    "sunrise")).json();
            assertThat(figures(asOf)).as("as of " + moment.getKey()).isEqualTo(moment.getValue());
            assertThat(asOf.get("asOf").asText()).isEqualTo(moment.getKey().toString());
        }
        // the story, in figures: capped by the cap, unfunded beyond the budget, owed after the reversal
        List<String> last = new ArrayList<>(shown.values()).get(shown.size() - 1);
        assertThat(last).contains("paid=60000.00", "reserved=0.00");
        assertThat(http.get("/api/programs/" + p + "/agencies/A001/balance?asOf=2000-01-01T00:00:00Z", "auditor")
                .status()).isEqualTo(404);
    }

    @Test
    void historyNamesWhoDidWhatInOrder() {
        ok(http.post("/api/programs/" + p + "/reports", "sunrise", """
                {"reportId": "R1", "agencyId": "A001", "groupRef": "G1", "sourceMarket": "MY", "tourists": 5,
                 "nights": 2, "arrivalDate": "2025-05-02"}"""));
        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null));

        JsonNode history = ok(http.get("/api/audit/events?programId=" + p, "auditor")).json();
        List<String> types = new ArrayList<>();
        history.get("events").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("ProgramOpened", "AgencyEnrolled", "TouristCountReported", "ReportVerified",
                "AwardAccrued");
        JsonNode reported = history.get("events").get(2);
        assertThat(reported.get("user").asText()).isEqualTo("sunrise");
        assertThat(reported.get("roles").asText()).isEqualTo("AGENCY");
        assertThat(reported.get("payload").get("tourists").asInt()).isEqualTo(5);
        assertThat(reported.get("correlationId").asText()).isNotBlank();
        JsonNode verified = history.get("events").get(3);
        assertThat(verified.get("user").asText()).isEqualTo("officer1");
        assertThat(history.get("events").get(4).get("causationId").asText())
                .isEqualTo(verified.get("causationId").asText()); // both caused by the same command
        assertThat(verified.get("position").asLong()).isGreaterThan(reported.get("position").asLong());

        JsonNode page = ok(http.get("/api/audit/events?programId=" + p + "&page=1&size=2", "auditor")).json();
        assertThat(page.get("events")).hasSize(2);
        assertThat(page.get("events").get(0).get("sequence").asLong()).isEqualTo(2);
        assertThat(page.get("more").asBoolean()).isTrue();

        JsonNode agency = ok(http.get("/api/audit/events?agencyId=A001&programId=" + p, "auditor")).json();
        assertThat(agency.get("events").get(0).get("type").asText()).isEqualTo("AgencyRegistered");
        assertThat(http.get("/api/audit/events?programId=" + p, "officer1").status()).isEqualTo(403);
        assertThat(http.get("/api/audit/events?programId=nope", "auditor").status()).isEqualTo(404);
    }

    @Test
    void totalsComeWithEvidenceThatChangesWithTheHistory() {
        JsonNode first = ok(http.get("/api/audit/programs/" + p + "/totals", "auditor")).json();
        JsonNode again = ok(http.get("/api/audit/programs/" + p + "/totals", "auditor")).json();
        assertThat(again.get("evidence")).isEqualTo(first.get("evidence"));
        assertThat(first.get("evidence").get("events").asLong()).isEqualTo(2);
        ok(http.post("/api/programs/" + p + "/reports", "sunrise", """
                {"reportId": "R1", "agencyId": "A001", "groupRef": "G1", "sourceMarket": "MY", "tourists": 30,
                 "nights": 2, "arrivalDate": "2025-05-02"}"""));
        ok(http.post("/api/programs/" + p + "/reports/R1/verification", "officer1", null));
        JsonNode after = ok(http.get("/api/audit/programs/" + p + "/totals", "auditor")).json();
        assertThat(after.get("evidence").get("digest").asText()).isNotEqualTo(first.get("evidence").get("digest").asText());
        JsonNode published = ok(http.get("/api/programs/" + p, "auditor")).json().get("totals");
        for (String field : List.of("budget", "computed", "accrued", "capped", "unfunded", "reserved", "paid",
                "remainingBudget")) {
            assertThat(after.get(field).asText()).as(field).isEqualTo(published.get(field).asText());
        }
    }

    @Test
    void exportsAreCsv() {
        ok(http.post("/api/programs/" + p + "/reports", "sunrise", """
                {"reportId": "R1", "agencyId": "A001", "groupRef": "G1, with a comma", "sourceMarket": "MY",
                 "tourists": 30, "nights": 2, "arrivalDate": "2025-05-02"}"""));
        Response events = ok(http.get("/api/audit/programs/" + p + "/events.csv", "auditor"));
        assertThat(events.contentType()).startsWith("text/csv");
        String[] lines = events.body().split("\n");
        assertThat(lines[0]).startsWith("position,sequence,timestamp,type");
        assertThat(lines).hasSize(4);
        assertThat(lines[3]).contains(",TouristCountReported,A001,R1,").contains("\"\"G1, with a comma\"\"");
        Response balances = ok(http.get("/api/audit/programs/" + p + "/balances.csv", "auditor"));
        assertThat(balances.body().split("\n")).hasSize(2);
        assertThat(balances.body().split("\n")[1]).startsWith(p + ",A001,120000.00,0.00,");
    }

    @Test
    void aRebuildOfThousandsOfEventsReconcilesWithTheLiveReadModels() {
        String big = p + "B";
        send(new IncentiveCommands.OpenProgram(big, "Big", 2025, "CNY", Money.parse("900000"), Money.parse("200000"),
                new AwardRules(new AwardRules.Headcount(0, List.of(new AwardRules.Tier(1, Money.parse("10")))),
                        new AwardRules.LargeGroup(30, Money.parse("300")), null)));
        for (int a = 0; a < 10; a++) {
            send(new IncentiveCommands.RegisterAgency("BA" + a, "Agency " + a, "L" + a));
            send(new IncentiveCommands.EnrollAgency(big, "BA" + a));
        }
        for (int r = 0; r < 800; r++) {
            String agency = "BA" + (r % 10);
            send(new IncentiveCommands.ReportTouristCount(big, "R" + r, agency, "G" + r, "JP", 10 + r % 40, r % 3,
                    java.time.LocalDate.of(2025, 1 + r % 12, 1), agency));
            send(new IncentiveCommands.VerifyReport(big, "R" + r, "officer1"));
            if (r % 50 == 0) {
                send(new IncentiveCommands.ReverseReport(big, "R" + r, "sample check failed", "officer2"));
            }
        }
        JsonNode report = ok(http.post("/api/audit/reconciliations", "auditor",
                "{\"projection\":\"incentive-ledger\"}")).json();
        assertThat(report.get("eventsReplayed").asLong()).isGreaterThan(2_000);
        assertThat(report.get("liveCaughtUp").asBoolean()).isTrue();
        assertThat(report.get("identical").asBoolean()).as(report.toString()).isTrue();
        JsonNode facilities = ok(http.post("/api/audit/reconciliations", "auditor",
                "{\"projection\":\"payment-facilities\"}")).json();
        assertThat(facilities.get("identical").asBoolean()).as(facilities.toString()).isTrue();
        assertThat(http.post("/api/audit/reconciliations", "auditor", "{\"projection\":\"nope\"}").status())
                .isEqualTo(400);
        assertThat(http.post("/api/audit/reconciliations", "officer1", "{\"projection\":\"incentive-ledger\"}")
                .status()).isEqualTo(403);

        hashChain.catchUp(); // the linker's next turn, without waiting for it
        JsonNode chain = ok(http.get("/api/audit/chain", "auditor")).json();
        assertThat(chain.get("intact").asBoolean()).isTrue();
        assertThat(chain.get("commitsVerified").asLong()).isGreaterThan(1_600);
    }

    @Test
    void theChainCheckComparesAHeadPublishedEarlier() {
        JsonNode first = ok(http.get("/api/audit/chain", "auditor")).json();
        assertThat(first.get("intact").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.get("checkpoints").get("status").asText()).isEqualTo("NOT_CHECKED");
        String published = first.get("lastPosition").asText() + ":" + first.get("lastHash").asText();
        ok(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));

        JsonNode later = ok(http.get("/api/audit/chain?expect=" + published, "auditor")).json();
        assertThat(later.get("intact").asBoolean()).as(later.toString()).isTrue();
        JsonNode forged = ok(http.get("/api/audit/chain?expect=" + first.get("lastPosition").asText() + ":"
                + "b".repeat(64), "auditor")).json();
        assertThat(forged.get("intact").asBoolean()).isFalse();
        assertThat(forged.get("failures").get(0).get("kind").asText()).isEqualTo("EXPECTED_HEAD_MISMATCH");
        assertThat(http.get("/api/audit/chain?expect=nonsense", "auditor").status()).isEqualTo(400);
        assertThat(http.get("/api/audit/chain", "officer1").status()).isEqualTo(403);
    }

    private void send(Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with("user", "test").and("roles", "TEST")));
    }
}
