package io.ledger.web.console;

import static io.ledger.web.console.ConsoleSession.element;
import static io.ledger.web.console.ConsoleSession.has;
import static io.ledger.web.console.ConsoleSession.location;
import static io.ledger.web.console.ConsoleSession.programWithSunrise;
import static io.ledger.web.console.ConsoleSession.report;
import static io.ledger.web.console.ConsoleSession.signedIn;
import static io.ledger.web.console.ConsoleSession.text;
import static io.ledger.web.console.ConsoleSession.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import com.fasterxml.jackson.databind.JsonNode;

import io.ledger.eventstore.HashChain;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;

/**
 * The finance officer's console actions over HTTP, through the session and CSRF rules a browser
 * meets; each effect is read back from the API.
 */
class OfficerConsoleHttpTest extends LedgerTestApplication {

    @Autowired
    HashChain chain;

    private EventTime eventTime;
    private Http http;
    private String program;
    private String page;

    @BeforeEach
    void programWithSunrisePaying37PerTourist() {
        eventTime = new EventTime(chain);
        http = http();
        program = programWithSunrise(http, "37.00");
        page = "/console/programs/" + program;
    }

    private static void ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }

    private JsonNode api(String path) {
        Http.Response response = http.get(path, "officer1");
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private void verify(String reportId, String officer) {
        ok(http.post("/api/programs/" + program + "/reports/" + reportId + "/verification", officer, null));
    }

    private void requestPayout(String payoutId, String amount) {
        ok(http.post("/api/programs/" + program + "/payouts", "officer1",
                "{\"payoutId\":\"%s\",\"agencyId\":\"A001\",\"amount\":\"%s\"}".formatted(payoutId, amount)));
    }

    @Test
    void theFirstPageShowsWhatEachWaitingReportWouldAwardAndLeavesOutTheOfficersOwn() {
        String mine = "MINE-" + program;
        String theirs = "THEIRS-" + program;
        report(http, "officer1", program, mine, 11);
        report(http, "sunrise", program, theirs, 3);
        ConsoleSession officer1 = signedIn(port, "officer1");

        String work = officer1.get("/console/officer").body();

        assertThat(has(work, "verify-row-" + mine)).as("entered by this officer").isFalse();
        assertThat(text(element(work, "verify-row-" + theirs))).contains(program).contains("A001 · Sunrise")
                .contains("min");
        assertThat(text(element(work, "award-" + theirs))).isEqualTo("¥ 111.00"); // 3 × 37.00
        String other = signedIn(port, "officer2").get("/console/officer").body();
        assertThat(text(element(other, "award-" + mine))).isEqualTo("¥ 407.00"); // 11 × 37.00
    }

    @Test
    void theProgramPageDoesNotOfferToVerifyAReportTheOfficerEntered() {
        String mine = "MINE-" + program;
        String theirs = "THEIRS-" + program;
        report(http, "officer1", program, mine, 11);
        report(http, "sunrise", program, theirs, 3);

        String programPage = signedIn(port, "officer1").get(page).body();

        assertThat(element(programPage, "verify-" + mine)).contains("disabled").contains("aria-describedby=\"own-" + mine);
        assertThat(text(element(programPage, "own-" + mine)))
                .isEqualTo("You entered this report yourself: another officer must verify it.");
        assertThat(element(programPage, "verify-" + theirs)).doesNotContain("disabled");
        assertThat(has(programPage, "own-" + theirs)).isFalse();
    }

    @Test
    void anAwardBeyondWhatTheLedgerCanHoldIsRefusedBesideVerifyAndNothingIsStored() {
        String rich = programWithSunrise(http, "1000000000000");
        String report = "HUGE-" + rich;
        report(http, "sunrise", rich, report, 100_000); // 100,000 × ¥ 1,000,000,000,000 does not fit a long of fen
        ConsoleSession officer = signedIn(port, "officer1");
        String richPage = "/console/programs/" + rich;

        HttpResponse<String> refused = officer.submit(richPage, richPage + "/reports/" + report + "/verification");

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(text(element(refused.body(), "refusal-verify-" + report))).isEqualTo(
                "An amount or total would exceed what the ledger can hold exactly; nothing was stored.");
        assertThat(api("/api/programs/" + rich + "/reports/" + report).get("status").asText()).isEqualTo("SUBMITTED");
    }

    @Test
    void anOfficerRejectsAReportWithItsReason() {
        String report = "REJ-" + program;
        report(http, "sunrise", program, report, 11);
        ConsoleSession officer = signedIn(port, "officer1");

        assertThat(location(officer.submit(page, page + "/reports/" + report + "/rejection",
                "reason", "Group not in the border register"))).endsWith(page);

        JsonNode rejected = api("/api/programs/" + program + "/reports/" + report);
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asText()).isEqualTo("Group not in the border register");
    }

    @Test
    void anOfficerReversesAVerifiedReportWithItsReasonAndTheAccrualIsTakenBack() {
        String report = "REV-" + program;
        report(http, "sunrise", program, report, 11);
        verify(report, "officer1");
        assertThat(api("/api/programs/" + program + "/agencies/A001/balance").get("accrued").asText())
                .isEqualTo("407.00");
        ConsoleSession officer = signedIn(port, "officer2");

        assertThat(location(officer.submit(page, page + "/reports/" + report + "/reversal",
                "reason", "The same group was claimed in another city"))).endsWith(page);

        JsonNode reversed = api("/api/programs/" + program + "/reports/" + report);
        assertThat(reversed.get("status").asText()).isEqualTo("REVERSED");
        assertThat(reversed.get("reason").asText()).isEqualTo("The same group was claimed in another city");
        assertThat(api("/api/programs/" + program + "/agencies/A001/balance").get("accrued").asText())
                .isEqualTo("0.00");
    }

    @Test
    void anOfficerRecordsASettlementWithItsBankReferenceAndDate() {
        String report = "SET-" + program;
        String payout = "PAY-" + program;
        report(http, "sunrise", program, report, 11);
        verify(report, "officer1");
        requestPayout(payout, "400.00");
        ok(http.post("/api/programs/" + program + "/payouts/" + payout + "/approval", "officer2", null));
        String yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
        ConsoleSession officer = signedIn(port, "officer1");

        assertThat(location(officer.submit(page, page + "/payouts/" + payout + "/settlement",
                "bankReference", "ICBC-2025-0042", "settledOn", yesterday))).endsWith(page);

        JsonNode settled = api("/api/programs/" + program + "/payouts/" + payout);
        assertThat(settled.get("status").asText()).isEqualTo("SETTLED");
        assertThat(settled.get("bankReference").asText()).isEqualTo("ICBC-2025-0042");
        assertThat(settled.get("settledOn").asText()).isEqualTo(yesterday);
        assertThat(api("/api/programs/" + program + "/agencies/A001/balance").get("paid").asText())
                .isEqualTo("400.00");
    }

    @Test
    void aFailedPayoutWaitsFromItsFailureAndOffersToRequestItAgain() {
        String report = "FAIL-" + program;
        String payout = "PAY-" + program;
        eventTime.at(Instant.now().minus(Duration.ofDays(3)), () -> {
            report(http, "sunrise", program, report, 11);
            verify(report, "officer1");
            requestPayout(payout, "400.00");
        });
        ConsoleSession officer = signedIn(port, "officer2");

        assertThat(location(officer.submit(page, page + "/payouts/" + payout + "/failure",
                "reason", "Account closed at the bank"))).endsWith(page);

        JsonNode failed = api("/api/programs/" + program + "/payouts/" + payout);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failureReason").asText()).isEqualTo("Account closed at the bank");
        String work = officer.get("/console/officer").body();
        assertThat(text(element(work, "failed-row-" + payout))).contains("A001 · Sunrise").contains("¥ 400.00")
                .contains("Account closed at the bank").contains("0 min").doesNotContain("3 d");

        // its action: the program's payout form, offering the same agency and amount again
        Matcher href = Pattern.compile("href=\"([^\"#]+)").matcher(element(work, "again-" + payout));
        assertThat(href.find()).isTrue();
        String again = HtmlUtils.htmlUnescape(href.group(1));
        String form = officer.get(again).body();
        assertThat(value(form, "payout-amount")).isEqualTo("400.00");
        assertThat(element(form, "payout-agency")).containsPattern("value=\"A001\"\\s+selected");
        assertThat(location(officer.submit(again, page + "/payouts", "payoutId", payout + "-2", "agencyId", "A001",
                "amount", "400.00"))).endsWith(page);
        assertThat(api("/api/programs/" + program + "/payouts/" + payout + "-2").get("status").asText())
                .isEqualTo("REQUESTED");
    }

    @Test
    void anOfficerIncreasesTheBudget() {
        ConsoleSession officer = signedIn(port, "officer1");

        assertThat(location(officer.submit(page, page + "/budget-increases", "increaseId", "INC-1",
                "amount", "2500.50", "reason", "Second tranche from the province"))).endsWith(page);

        assertThat(api("/api/programs/" + program).get("budget").asText()).isEqualTo("102500.50");
        assertThat(text(element(officer.get(page).body(), "totals"))).contains("¥ 102,500.50");
    }

    @Test
    void anOfficerOpensAProgramWithItsRulesRegistersAnAgencyAndEnrollsIt() {
        String opened = "OPEN-" + program;
        String agency = "AG-" + program;
        ConsoleSession officer = signedIn(port, "officer1");
        String setup = "/console/officer/setup";

        assertThat(location(officer.submit(setup, setup + "/programs", "programId", opened, "name", "Rules 2025",
                "fiscalYear", "2025", "budget", "10000000", "agencyAnnualCap", "3000000", "minNights", "1",
                "tier1From", "1", "tier1Rate", "50.00", "tier2From", "11", "tier2Rate", "80.00", "tier3From", "",
                "tier3Rate", "", "largeGroupMin", "30", "largeGroupSubsidy", "3000.00",
                "pioneeringAward", "100000.00", "pioneeringMinTourists", "1", "pioneeringMinNights", "0")))
                .endsWith("/console/programs/" + opened);
        assertThat(location(officer.submit(setup, setup + "/agencies", "agencyId", agency, "name", "Lotus Travel",
                "licenseNo", "L-" + program))).endsWith(setup);
        String openedPage = "/console/programs/" + opened;
        assertThat(location(officer.submit(openedPage, openedPage + "/enrollments", "agencyId", agency)))
                .endsWith(openedPage);

        assertThat(api("/api/agencies/" + agency).get("name").asText()).isEqualTo("Lotus Travel");
        JsonNode program = api("/api/programs/" + opened);
        assertThat(program.get("budget").asText()).isEqualTo("10000000.00");
        assertThat(program.get("agencyAnnualCap").asText()).isEqualTo("3000000.00");
        assertThat(program.get("enrolledAgencies").toString()).contains(agency);
        // the rules as typed decide an award: 10 × 50 + 22 × 80 by tier, the large group, the new market
        ok(http.post("/api/programs/" + opened + "/reports", "officer1", """
                {"reportId": "R1", "agencyId": "%s", "groupRef": "KL-1", "sourceMarket": "MY", "tourists": 32,
                 "nights": 3, "arrivalDate": "2025-05-02"}""".formatted(agency)));
        ok(http.post("/api/programs/" + opened + "/reports/R1/verification", "officer2", null));
        JsonNode award = api("/api/programs/" + opened + "/reports/R1").get("award");
        assertThat(award.get("headcount").asText()).isEqualTo("2260.00");
        assertThat(award.get("largeGroup").asText()).isEqualTo("3000.00");
        assertThat(award.get("pioneering").asText()).isEqualTo("100000.00");
    }
}
