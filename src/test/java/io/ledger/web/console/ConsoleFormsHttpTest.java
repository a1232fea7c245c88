package io.ledger.web.console;

import static io.ledger.web.console.ConsoleSession.element;
import static io.ledger.web.console.ConsoleSession.programWithSunrise;
import static io.ledger.web.console.ConsoleSession.report;
import static io.ledger.web.console.ConsoleSession.signedIn;
import static io.ledger.web.console.ConsoleSession.text;
import static io.ledger.web.console.ConsoleSession.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;

/** What every console form shares: the API's text rule. */
class ConsoleFormsHttpTest extends LedgerTestApplication {

    @Test
    void aGroupReferenceWithABidiOverrideIsRefusedBesideItStoresNothingAndKeepsTheForm() {
        Http http = http();
        String program = programWithSunrise(http, "37.00");
        ConsoleSession agency = signedIn(port, "sunrise");
        String spoofed = "G\u202Egnp.exe";

        HttpResponse<String> refused = agency.submit("/console/agency", "/console/agency/reports", "programId", program,
                "reportId", "BIDI-1", "groupRef", spoofed, "sourceMarket", "MY", "tourists", "12", "nights", "2",
                "arrivalDate", "2025-05-02");

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(text(element(refused.body(), "refusal-report-groupRef"))).isEqualTo("The group reference holds "
                + "invisible, control or direction-changing characters (such as U+202E); remove them. Nothing was stored.");
        assertThat(value(refused.body(), "report-groupRef")).isEqualTo(spoofed);
        assertThat(value(refused.body(), "report-reportId")).isEqualTo("BIDI-1");
        assertThat(value(refused.body(), "report-tourists")).isEqualTo("12");
        assertThat(http.get("/api/programs/" + program + "/reports/BIDI-1", "officer1").status()).isEqualTo(404);
    }

    @Test
    void anOfficersReasonWithABidiOverrideIsRefusedAndTheReportStaysAsItWas() {
        Http http = http();
        String program = programWithSunrise(http, "37.00");
        report(http, "sunrise", program, "BIDI-2", 11);
        ConsoleSession officer = signedIn(port, "officer1");
        String page = "/console/programs/" + program;

        HttpResponse<String> refused = officer.submit(page, page + "/reports/BIDI-2/rejection",
                "reason", "duplicate \u202Edesrever");

        assertThat(text(element(refused.body(), "refusal-reject-BIDI-2"))).startsWith("The reason holds invisible");
        assertThat(value(refused.body(), "reject-BIDI-2")).isEqualTo("duplicate \u202Edesrever");
        assertThat(http.get("/api/programs/" + program + "/reports/BIDI-2", "officer1").json().get("status").asText())
                .isEqualTo("SUBMITTED");
    }
}
