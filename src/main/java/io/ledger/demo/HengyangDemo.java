package io.ledger.demo;

import java.time.LocalDate;
import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.ledger.api.Money;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveCommands.ApprovePayout;
import io.ledger.incentive.api.IncentiveCommands.EnrollAgency;
import io.ledger.incentive.api.IncentiveCommands.OpenProgram;
import io.ledger.incentive.api.IncentiveCommands.RegisterAgency;
import io.ledger.incentive.api.IncentiveCommands.RejectReport;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.RequestPayout;
import io.ledger.incentive.api.IncentiveCommands.SettlePayout;
import io.ledger.incentive.api.IncentiveCommands.VerifyReport;

/**
 * A program modelled on Hengyang's 2025 inbound-tourism incentives (CNY 3,000,000 cap per agency),
 * with agencies from several source markets, verified and rejected reports and one settled payout.
 */
@Component
@Order(1)
public class HengyangDemo implements DemoScenario {

    public static final String PROGRAM = "HY2025";

    private final DemoCommands commands;

    public HengyangDemo(DemoCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "Hengyang inbound tourism incentives 2025";
    }

    @Override
    public void load() {
        List<RegisterAgency> agencies = List.of(
                new RegisterAgency("A001", "Sunrise International Travel (Hengyang)", "L-HN-430400-001"),
                new RegisterAgency("A002", "Lotus Journeys Hengyang", "L-HN-430400-002"),
                new RegisterAgency("A003", "Xiangjiang Gateway Travel", "L-HN-430400-003"),
                new RegisterAgency("A004", "Nanyue Mountain Tours", "L-HN-430400-004"),
                new RegisterAgency("A005", "Hengyang Overseas Connections", "L-HN-430400-005"));
        agencies.forEach(a -> commands.send(a, "system"));
        AwardRules rules = new AwardRules(
                new AwardRules.Headcount(1, List.of(new AwardRules.Tier(1, Money.parse("50.00")),
                        new AwardRules.Tier(5001, Money.parse("80.00")))),
                new AwardRules.LargeGroup(30, Money.parse("3000.00")),
                new AwardRules.Pioneering(Money.parse("100000.00"), 5, 1));
        commands.send(new OpenProgram(PROGRAM, "Hengyang inbound tourism incentives 2025", 2025, "CNY",
                Money.parse("20000000"), Money.parse("3000000"), rules), "officer1");
        agencies.forEach(a -> commands.send(new EnrollAgency(PROGRAM, a.agencyId()), "officer1"));

        report("HY25-A001-0001", "A001", "MY-KL-0412", "MY", 36, 3, "2025-04-12");
        report("HY25-A001-0002", "A001", "MY-PG-0503", "MY", 18, 2, "2025-05-03");
        report("HY25-A002-0001", "A002", "SG-0420", "SG", 42, 4, "2025-04-20");
        report("HY25-A003-0001", "A003", "HK-0501", "HK", 25, 2, "2025-05-01");
        report("HY25-A003-0002", "A003", "MO-0518", "MO", 12, 0, "2025-05-18");
        report("HY25-A004-0001", "A004", "KR-0606", "KR", 31, 3, "2025-06-06");
        report("HY25-A005-0001", "A005", "US-0702", "US", 8, 5, "2025-07-02");
        for (String verified : List.of("HY25-A001-0001", "HY25-A001-0002", "HY25-A002-0001", "HY25-A003-0001",
                "HY25-A004-0001")) {
            commands.send(new VerifyReport(PROGRAM, verified, "officer1"), "officer1");
        }
        commands.send(new RejectReport(PROGRAM, "HY25-A003-0002", "day trip without an overnight stay and no group list",
                "officer2"), "officer2");

        commands.send(new RequestPayout(PROGRAM, "HY25-PAY-0001", "A001", Money.parse("100000.00"), "officer1"), "officer1");
        commands.send(new ApprovePayout(PROGRAM, "HY25-PAY-0001", "officer2"), "officer2");
        commands.send(new SettlePayout(PROGRAM, "HY25-PAY-0001", "BOC-HY-20250715-0001", LocalDate.parse("2025-07-15"),
                "officer1"), "officer1");
        commands.send(new RequestPayout(PROGRAM, "HY25-PAY-0002", "A002", Money.parse("50000.00"), "officer1"), "officer1");
    }

    private void report(String reportId, String agencyId, String groupRef, String market, int tourists, int nights,
            String arrival) {
        commands.send(new ReportTouristCount(PROGRAM, reportId, agencyId, groupRef, market, tourists, nights,
                LocalDate.parse(arrival), agencyId), agencyId);
    }
}
