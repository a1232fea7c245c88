package io.ledger.web.console;

import static io.ledger.web.console.ConsoleSession.element;
import static io.ledger.web.console.ConsoleSession.has;
import static io.ledger.web.console.ConsoleSession.programWithSunrise;
import static io.ledger.web.console.ConsoleSession.report;
import static io.ledger.web.console.ConsoleSession.signedIn;
import static io.ledger.web.console.ConsoleSession.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.eventstore.HashChain;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;

/** The auditor's console pages over HTTP, each figure checked against the program it was made from. */
class AuditConsoleHttpTest extends LedgerTestApplication {

    private static final ZoneId LEDGER_ZONE = ZoneId.of("Asia/Shanghai");
    private static final Pattern POSITION = Pattern.compile("<td class=\"num\">(\\d+)</td>");

    @Autowired
    HashChain chain;

    private EventTime eventTime;

    @BeforeEach
    void eventTime() {
        eventTime = new EventTime(chain);
    }

    private static List<Long> positions(String page) {
        List<Long> positions = new ArrayList<>();
        Matcher position = POSITION.matcher(element(page, "history-table"));
        while (position.find()) {
            positions.add(Long.parseLong(position.group(1)));
        }
        return positions;
    }

    /** A program with one verified report of 11 × 37.00 = 407.00 for A001. */
    private String programWithAVerifiedReport(Http http) {
        String program = programWithSunrise(http, "37.00");
        report(http, "sunrise", program, "R1", 11);
        assertThat(http.post("/api/programs/" + program + "/reports/R1/verification", "officer1", null).status())
                .isEqualTo(200);
        return program;
    }

    @Test
    void aProgramsHistoryIsPagedInOrderWithoutGapsOrRepeats() {
        Http http = http();
        String program = programWithSunrise(http, "37.00");
        for (int i = 1; i <= AuditConsole.PAGE + 5; i++) {
            report(http, "sunrise", program, "H" + i, 1 + i % 7);
        }
        JsonNode all = http.get("/api/audit/events?programId=" + program + "&size=1000", "auditor").json();
        List<Long> expected = new ArrayList<>();
        all.get("events").forEach(e -> expected.add(e.get("position").asLong()));
        ConsoleSession auditor = signedIn(port, "auditor");
        String search = "/console/audit?kind=program&id=" + program;

        String first = auditor.get(search).body();
        String second = auditor.get(search + "&page=1").body();

        assertThat(positions(first)).hasSize(AuditConsole.PAGE);
        assertThat(text(first)).contains("Next page").doesNotContain("Previous page");
        assertThat(text(second)).contains("Previous page").doesNotContain("Next page");
        List<Long> paged = new ArrayList<>(positions(first));
        paged.addAll(positions(second));
        assertThat(paged).isEqualTo(expected).hasSize(AuditConsole.PAGE + 7); // opened, enrolled, 55 reports
        assertThat(text(element(second, "history-table"))).contains("TouristCountReported").contains("sunrise")
                .contains("AGENCY");
    }

    @Test
    void programTotalsAreShownWithTheDigestOfTheirEvidence() {
        Http http = http();
        String program = programWithAVerifiedReport(http);
        JsonNode evidence = http.get("/api/audit/programs/" + program + "/totals", "auditor").json().get("evidence");

        String page = signedIn(port, "auditor").get("/console/audit/totals?programId=" + program).body();

        assertThat(text(element(page, "audit-totals"))).isEqualTo("Budget ¥ 100,000.00 Computed ¥ 407.00 "
                + "Accrued ¥ 407.00 Beyond cap ¥ 0.00 Unfunded ¥ 0.00 Reserved ¥ 0.00 Paid ¥ 0.00 "
                + "Remaining budget ¥ 99,593.00");
        assertThat(text(page)).contains("Evidence: " + evidence.get("events").asText() + " events, last position "
                + evidence.get("lastPosition").asText() + ", digest " + evidence.get("digest").asText());
    }

    @Test
    void theBalanceOfAnAgencyAtAnInstantIsTheOneOfThatInstant() {
        Http http = http();
        LocalDate today = LocalDate.now(LEDGER_ZONE);
        String[] program = new String[1];
        eventTime.at(today.minusDays(2).atTime(10, 0).atZone(LEDGER_ZONE).toInstant(), () -> {
            program[0] = programWithSunrise(http, "37.00");
            report(http, "sunrise", program[0], "R1", 11);
        });
        eventTime.at(today.minusDays(1).atTime(10, 0).atZone(LEDGER_ZONE).toInstant(), () -> assertThat(http.post(
                "/api/programs/" + program[0] + "/reports/R1/verification", "officer1", null).status()).isEqualTo(200));
        ConsoleSession auditor = signedIn(port, "auditor");
        String balance = "/console/audit/balance?programId=" + program[0] + "&agencyId=A001&at=";

        String submitted = auditor.get(balance + today.minusDays(2) + "T12:00:00").body();
        String verified = auditor.get(balance + today.minusDays(1) + "T12:00:00").body();
        String before = auditor.get(balance + today.minusDays(2) + "T09:59:59").body();

        assertThat(text(element(submitted, "audit-balance"))).contains("Computed ¥ 0.00").contains("Accrued ¥ 0.00")
                .contains("Outstanding ¥ 0.00").contains("Cap headroom ¥ 100,000.00");
        assertThat(text(element(verified, "audit-balance"))).isEqualTo("Annual cap ¥ 100,000.00 Computed ¥ 407.00 "
                + "Accrued ¥ 407.00 Beyond cap ¥ 0.00 Unfunded ¥ 0.00 Reserved ¥ 0.00 Paid ¥ 0.00 Outstanding ¥ 407.00 "
                + "Cap headroom ¥ 99,593.00");
        assertThat(has(before, "audit-balance")).isFalse();
        assertThat(text(before)).contains("No such agency in the program at that instant.");
    }

    @Test
    void theChainVerificationSaysWhatWasVerified() {
        programWithAVerifiedReport(http());
        ConsoleSession auditor = signedIn(port, "auditor");

        HttpResponse<String> verified = auditor.submit("/console/audit", "/console/audit/chain");

        // a count as a number is written, a position as the id it is
        Matcher result = Pattern.compile("Intact: ([1-9][\\d,]*) commits verified up to position ([1-9]\\d*)\\.")
                .matcher(text(element(verified.body(), "chain-result")));
        assertThat(result.matches()).as(text(element(verified.body(), "chain-result"))).isTrue();
    }

    @Test
    void aReconciliationSaysTheRebuiltReadModelIsIdentical() {
        programWithAVerifiedReport(http());
        ConsoleSession auditor = signedIn(port, "auditor");

        HttpResponse<String> reconciled = auditor.submit("/console/audit", "/console/audit/reconciliations",
                "projection", "incentive-ledger");

        assertThat(text(element(reconciled.body(), "reconcile-result")))
                .matches("incentive-ledger: Identical: [1-9][\\d,]* events replayed\\.");
    }

    @Test
    void theCsvDownloadsHoldTheProgramsEventsAndBalances() {
        Http http = http();
        String program = programWithAVerifiedReport(http);
        ConsoleSession auditor = signedIn(port, "auditor");

        HttpResponse<String> events = auditor.get("/console/audit/programs/" + program + "/events.csv");
        HttpResponse<String> balances = auditor.get("/console/audit/programs/" + program + "/balances.csv");

        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        List<String> lines = events.body().lines().toList();
        long recorded = http.get("/api/audit/programs/" + program + "/totals", "auditor").json().get("evidence")
                .get("events").asLong();
        assertThat(lines.get(0)).startsWith("position,sequence,timestamp,type,agencyId,reportId,payoutId,amount,user");
        assertThat(lines).hasSize((int) recorded + 1);
        assertThat(lines).filteredOn(l -> l.contains(",TouristCountReported,")).singleElement().asString()
                .contains(",A001,R1,").contains(",sunrise,");
        assertThat(lines).filteredOn(l -> l.contains(",ReportVerified,")).singleElement().asString()
                .contains(",A001,R1,").contains(",officer1,");
        List<String> rows = balances.body().lines().toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).startsWith(program + ",A001,100000.00,407.00,407.00,0.00,0.00,0.00,0.00,407.00,99593.00,");
    }
}
