package io.ledger.web.console;

import static io.ledger.web.console.ConsoleSession.element;
import static io.ledger.web.console.ConsoleSession.has;
import static io.ledger.web.console.ConsoleSession.programWithSunrise;
import static io.ledger.web.console.ConsoleSession.report;
import static io.ledger.web.console.ConsoleSession.signedIn;
import static io.ledger.web.console.ConsoleSession.text;
import static io.ledger.web.console.ConsoleSession.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import io.ledger.eventstore.HashChain;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;

/** What every console form shares: the API's text rule, the language switch, the agency's past balances. */
class ConsoleFormsHttpTest extends LedgerTestApplication {

    private static final ZoneId LEDGER_ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired
    HashChain chain;

    private EventTime eventTime;

    @BeforeEach
    void eventTime() {
        eventTime = new EventTime(chain);
    }

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

    @Test
    void theLanguageSwitchKeepsTheSearchOnThePage() {
        ConsoleSession auditor = signedIn(port, "auditor");
        String search = "/console/audit?kind=payout&id=PAY-LANG&programId=";

        String english = auditor.get(search).body();
        String switchTo = HtmlUtils.htmlUnescape(element(english, "lang-switch").replaceAll("(?s).*href=\"([^\"]+)\".*", "$1"));
        assertThat(switchTo).isEqualTo(search + "&lang=zh-CN");

        String chinese = auditor.get(switchTo).body();
        assertThat(text(element(chinese, "main"))).startsWith("审计");
        assertThat(value(chinese, "id")).isEqualTo("PAY-LANG");
        assertThat(element(chinese, "kind")).containsPattern("value=\"payout\"\\s+selected");
        String back = HtmlUtils.htmlUnescape(element(chinese, "lang-switch").replaceAll("(?s).*href=\"([^\"]+)\".*", "$1"));
        assertThat(back).as("the language asked for before is not carried along").isEqualTo(search + "&lang=en");
    }

    @Test
    void anAgencySeesItsBalanceAtTheEndOfPastDaysBeforeAndAfterAVerification() {
        Http http = http();
        LocalDate today = LocalDate.now(LEDGER_ZONE);
        LocalDate reported = today.minusDays(3);
        LocalDate verified = today.minusDays(2);
        String[] program = new String[1];
        eventTime.at(reported.atTime(10, 0).atZone(LEDGER_ZONE).toInstant(), () -> {
            program[0] = programWithSunrise(http, "37.00");
            report(http, "sunrise", program[0], "PAST-1", 11);
        });
        eventTime.at(verified.atTime(10, 0).atZone(LEDGER_ZONE).toInstant(),
                () -> assertThat(http.post("/api/programs/" + program[0] + "/reports/PAST-1/verification", "officer1",
                        null).status()).isEqualTo(200));
        ConsoleSession agency = signedIn(port, "sunrise");
        String page = "/console/agency?programId=" + program[0] + "&asOf=";

        String before = agency.get(page + reported.minusDays(1)).body();
        String submitted = agency.get(page + reported).body();
        String accrued = agency.get(page + verified).body();

        assertThat(has(before, "balance-as-of")).isFalse();
        assertThat(text(before)).contains("The agency was not enrolled on that date.");
        assertThat(text(element(submitted, "balance-as-of"))).isEqualTo("Annual cap ¥ 100,000.00 Computed ¥ 0.00 "
                + "Accrued ¥ 0.00 Beyond cap ¥ 0.00 Unfunded ¥ 0.00 Reserved ¥ 0.00 Paid ¥ 0.00 Outstanding ¥ 0.00 "
                + "Cap headroom ¥ 100,000.00");
        assertThat(text(element(accrued, "balance-as-of"))).isEqualTo("Annual cap ¥ 100,000.00 Computed ¥ 407.00 "
                + "Accrued ¥ 407.00 Beyond cap ¥ 0.00 Unfunded ¥ 0.00 Reserved ¥ 0.00 Paid ¥ 0.00 Outstanding ¥ 407.00 "
                + "Cap headroom ¥ 99,593.00");
    }
}
