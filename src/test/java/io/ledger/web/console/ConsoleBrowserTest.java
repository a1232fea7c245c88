package io.ledger.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;

/**
 * The console in a real browser (Debian's Chromium through Selenium): each role signs in and does
 * its part of one report's way from the agency to a payout, in English and in Chinese.
 */
class ConsoleBrowserTest extends LedgerTestApplication {

    private String program;
    private String suffix;

    @BeforeAll
    static void chromium() {
        Assumptions.assumeTrue(Browser.available(), "Skipped: the console's browser tests need Debian's chromium and "
                + "chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them.");
    }

    @BeforeEach
    void program() {
        Http http = http();
        suffix = UUID.randomUUID().toString().substring(0, 6);
        program = "C" + suffix;
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}"));
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A002\",\"name\":\"Lotus\",\"licenseNo\":\"L-2\"}"));
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Console 2026", "fiscalYear": 2026, "currency": "CNY",
                 "budget": "10000000", "agencyAnnualCap": "3000000",
                 "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]},
                           "largeGroup": {"minGroupSize": 30, "subsidyPerGroup": "3000.00"},
                           "pioneering": {"awardPerNewMarket": "100000.00", "minTourists": 1, "minNights": 0}}}""".formatted(program)));
        ok(http.post("/api/programs/" + program + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));
        ok(http.post("/api/programs/" + program + "/enrollments", "officer1", "{\"agencyId\":\"A002\"}"));
    }

    private static void ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }

    @Test
    void aReportFromTheAgencyToAnApprovedPayoutRoleByRole() {
        String report = "R-" + suffix;
        String payout = "PAY-" + suffix;
        try (Browser agency = new Browser(port, "en-US"); Browser officer1 = new Browser(port, "en-US");
                Browser officer2 = new Browser(port, "en-US"); Browser auditor = new Browser(port, "en-US")) {
            // the agency reports a group on its first page
            agency.signIn("sunrise");
            assertThat(agency.url()).endsWith("/console/agency");
            agency.open("/console/agency?programId=" + program); // other tests enroll A001 in programs of their own
            agency.type(By.id("report-reportId"), report);
            agency.type(By.id("report-groupRef"), "MY-0502");
            agency.type(By.id("report-sourceMarket"), "MY");
            agency.type(By.id("report-tourists"), "32");
            agency.type(By.id("report-nights"), "3");
            agency.date(By.id("report-arrivalDate"), "2026-05-02");
            agency.clickAndWait(By.id("report-button"));
            assertThat(agency.text(By.id("report-" + report))).contains("MY-0502").contains("Submitted");
            assertThat(agency.page()).doesNotContain("A002").doesNotContain("Lotus");

            // officer1 finds it among the work waiting and verifies it
            officer1.signIn("officer1");
            assertThat(officer1.text(By.id("verify-row-" + report))).contains(program).contains("A001")
                    .contains("¥ 104,600.00");
            officer1.screenshot("officer");
            officer1.open("/console/programs/" + program);
            assertThat(officer1.hasChart(By.id("budget-chart"))).as("the budget chart is drawn").isTrue();
            officer1.clickAndWait(By.id("verify-" + report));
            assertThat(officer1.text(By.id("report-" + report))).contains("Verified").contains("¥ 104,600.00");

            // a payout beyond the balance is refused next to the form, and what was typed stays
            officer1.type(By.id("payout-id"), payout);
            officer1.type(By.id("payout-amount"), "104600.01");
            officer1.clickAndWait(By.id("request-payout-button"));
            assertThat(officer1.text(By.id("refusal-payout")))
                    .isEqualTo("The amount is more than the agency's outstanding balance.");
            assertThat(officer1.value(By.id("payout-id"))).isEqualTo(payout);
            assertThat(officer1.value(By.id("payout-amount"))).isEqualTo("104600.01");

            officer1.type(By.id("payout-amount"), "100000");
            new Select(officer1.all(By.id("payout-agency")).get(0)).selectByValue("A001");
            officer1.clickAndWait(By.id("request-payout-button"));
            assertThat(officer1.text(By.id("payout-" + payout))).contains("¥ 100,000.00").contains("Awaiting approval");
            officer1.screenshot("program");

            // four eyes: the requester is refused on screen
            officer1.clickAndWait(By.id("approve-" + payout));
            assertThat(officer1.text(By.id("refusal-approve-" + payout)))
                    .isEqualTo("You requested this payout yourself: another officer must approve it.");
            officer1.open("/console/officer");
            assertThat(officer1.all(By.id("approve-row-" + payout))).isEmpty();

            // officer2 sees it waiting and approves it
            officer2.signIn("officer2");
            assertThat(officer2.text(By.id("approve-row-" + payout))).contains("¥ 100,000.00").contains("A001")
                    .contains("officer1");
            officer2.screenshot("officer-approval");
            officer2.clickAndWait(By.id("approve-" + payout));
            assertThat(officer2.text(By.id("payout-" + payout))).contains("Approved").contains("officer2");

            // the auditor finds who approved it
            auditor.signIn("auditor");
            auditor.screenshot("auditor");
            new Select(auditor.all(By.id("kind")).get(0)).selectByValue("payout");
            auditor.type(By.id("id"), payout);
            auditor.clickAndWait(By.id("history-button"));
            auditor.screenshot("auditor-history");
            String history = auditor.text(By.id("history-table"));
            assertThat(history).contains("PayoutRequested").contains("PayoutApproved");
            assertThat(auditor.all(By.cssSelector("#history-table tbody tr")).stream()
                    .filter(row -> row.getText().contains("PayoutApproved")).findFirst().orElseThrow().getText())
                    .contains("officer2").contains("FINANCE_OFFICER");

            // the agency sees its balance change: 104,600.00 accrued, 100,000.00 reserved, 4,600.00 outstanding
            agency.open("/console/agency?programId=" + program);
            String balance = agency.text(By.id("balance"));
            assertThat(balance).contains("Accrued ¥ 104,600.00").contains("Reserved ¥ 100,000.00")
                    .contains("Outstanding ¥ 4,600.00");
            agency.screenshot("agency");
        }
    }

    @Test
    void noPageOfAnotherAgencyOrRoleIsReachableByTypedUrl() {
        try (Browser agency = new Browser(port, "en-US")) {
            agency.signIn("sunrise");
            for (String typed : new String[] {"/console/programs/" + program, "/console/officer",
                    "/console/audit?kind=agency&id=A002", "/console/audit/programs/" + program + "/balances.csv",
                    "/console/facilities"}) {
                agency.open(typed);
                assertThat(agency.all(By.id("forbidden"))).as(typed).hasSize(1);
                assertThat(agency.page()).as(typed).doesNotContain("Lotus");
            }
            // the agency page takes no agency: whatever is typed, it shows the signed-in agency's own
            // (the typed query itself comes back only in the language switch's link to the same page)
            agency.open("/console/agency?programId=" + program + "&agencyId=A002");
            assertThat(agency.page()).doesNotContain("Lotus").contains("Sunrise");
            assertThat(agency.text(By.id("main"))).doesNotContain("A002");
        }
    }

    @Test
    void signingInWorksFromTheKeyboardAndEveryRolesPageFitsAPhone() {
        for (String user : new String[] {"sunrise", "officer1", "auditor", "operator"}) {
            try (Browser phone = new Browser(port, "en-US", "390,844")) {
                phone.open("/login");
                phone.keys(user, Keys.TAB, user, Keys.ENTER);
                phone.waitForPath("/console/");
                if (user.equals("officer1")) {
                    phone.open("/console/programs/" + program);
                }
                assertThat(phone.overflowsSideways()).as(user + " at " + phone.url()).isFalse();
            }
        }
    }

    @Test
    void aChineseBrowserGetsChinesePagesAndRefusals() {
        try (Browser agency = new Browser(port, "zh-CN"); Browser operator = new Browser(port, "en-US")) {
            agency.open("/login");
            assertThat(agency.text(By.tagName("h1"))).isEqualTo("登录");
            agency.signIn("sunrise");
            agency.open("/console/agency?programId=" + program);
            assertThat(agency.text(By.tagName("h1"))).isEqualTo("Sunrise 的余额");
            agency.screenshot("agency-zh-CN");

            // an arrival after today is refused in Chinese, beside the form, and the form keeps what was typed
            agency.type(By.id("report-reportId"), "Z-" + suffix);
            agency.type(By.id("report-groupRef"), "HK-团-01");
            agency.type(By.id("report-sourceMarket"), "HK");
            agency.type(By.id("report-tourists"), "12");
            agency.type(By.id("report-nights"), "2");
            agency.date(By.id("report-arrivalDate"), "2099-01-01");
            agency.clickAndWait(By.id("report-button"));
            assertThat(agency.page()).contains("抵达日期");
            assertThat(agency.all(By.cssSelector(".refusal")).get(0).getText()).matches(".*抵达日期.*");
            assertThat(agency.value(By.id("report-groupRef"))).isEqualTo("HK-团-01");
            assertThat(agency.value(By.id("report-tourists"))).isEqualTo("12");

            // with the date corrected the group is reported, and listed in Chinese
            agency.date(By.id("report-arrivalDate"), "2026-05-02");
            agency.clickAndWait(By.id("report-button"));
            assertThat(agency.text(By.cssSelector(".done"))).isEqualTo("团队已申报。");
            assertThat(agency.text(By.id("report-Z-" + suffix))).contains("HK-团-01 (HK)").contains("已申报");

            // the switch turns the same page, the same program, to English
            agency.clickAndWait(By.id("lang-switch"));
            assertThat(agency.text(By.tagName("h1"))).isEqualTo("Balance of Sunrise");
            assertThat(agency.text(By.id("report-Z-" + suffix))).contains("HK-团-01 (HK)").contains("Submitted");

            // the facility operator registers a venue, installs a POS, records its payment activity
            String venue = "V-" + suffix;
            operator.signIn("operator");
            assertThat(operator.url()).endsWith("/console/facilities");
            operator.type(By.id("venue-venueId"), venue);
            operator.type(By.id("venue-name"), "Terminal 3 service zone");
            operator.type(By.id("venue-district"), "Shunyi");
            operator.date(By.id("venue-openedOn"), "2023-01-01");
            new Select(operator.all(By.id("venue-category")).get(0)).selectByValue("AIRPORT");
            operator.clickAndWait(By.id("register-venue-button"));
            assertThat(operator.value(By.id("venue-id"))).isEqualTo(venue);
            operator.type(By.id("install-facilityId"), "POS-1");
            new Select(operator.all(By.id("install-kind")).get(0)).selectByValue("FOREIGN_CARD_POS");
            operator.date(By.id("install-installedOn"), "2023-01-15");
            operator.clickAndWait(By.id("install-button"));
            assertThat(operator.text(By.id("venue-facilities"))).contains("POS-1").contains("2023-01-15");
            operator.type(By.id("activity-activityId"), "ACT-" + suffix);
            // a week of its own: other tests record activity in 2024 on the same application
            operator.date(By.id("activity-periodStart"), "2023-07-03");
            operator.date(By.id("activity-periodEnd"), "2023-07-09");
            operator.type(By.id("activity-transactions"), "278000");
            operator.type(By.id("activity-amount"), "85391000");
            operator.type(By.id("activity-visitorsServed"), "10125");
            operator.clickAndWait(By.id("record-activity"));
            assertThat(operator.text(By.cssSelector(".done"))).isEqualTo("The payment activity was recorded.");
            operator.open("/console/facilities?from=2023-07-03&to=2023-07-09&venueId=" + venue);
            assertThat(operator.text(By.id("activity-table"))).contains("FOREIGN_CARD_PAYMENT 278,000 ¥ 85,391,000.00");
            assertThat(operator.hasChart(By.id("coverage-chart"))).as("the coverage chart is drawn").isTrue();
            assertThat(operator.hasChart(By.id("activity-chart"))).as("the activity chart is drawn").isTrue();
            operator.screenshot("operator");
        }
    }
}
