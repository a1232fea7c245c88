package io.ledger.incentive.domain;

import java.util.HashMap;
import java.util.Map;

import io.ledger.api.Money;
import io.ledger.incentive.api.AwardBalance;
import io.ledger.incentive.api.IncentiveEvents.MoneyMovement;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;

/**
 * An enrolled agency's standing in one program: its cap, its money, and what decides its next
 * award (tourists counted towards the tiers, markets already opened). Immutable: every event
 * gives a new account.
 *
 * @param markets verified, not reversed reports per source market
 */
record AgencyAccount(Money cap, AwardBalance balance, long countedTourists, Map<String, Integer> markets) {

    AgencyAccount {
        markets = Map.copyOf(markets);
    }

    static AgencyAccount enrolled(Money cap) {
        return new AgencyAccount(cap, AwardBalance.NONE, 0, Map.of());
    }

    boolean isNewMarket(String market) {
        return markets.getOrDefault(market, 0) == 0;
    }

    /** What may still accrue or wait for budget before the cap is reached. */
    Money capRoom() {
        return balance.capHeadroom(cap);
    }

    Money outstanding() {
        return balance.outstanding();
    }

    /** After an event that moves this agency's money. */
    AgencyAccount after(MoneyMovement moneyEvent) {
        return new AgencyAccount(cap, balance.after(moneyEvent), countedTourists, markets);
    }

    /** The verified report's tourists count towards the tiers (if it counts) and its market is opened. */
    AgencyAccount verified(ReportVerified event, Report report) {
        return counting(event, report, 1);
    }

    /** What the reversed report counted and opened no longer counts. */
    AgencyAccount reversed(ReportReversed event, Report report) {
        return counting(event, report, -1);
    }

    private AgencyAccount counting(MoneyMovement verifiedOrReversed, Report report, int direction) {
        Map<String, Integer> opened = new HashMap<>(markets);
        opened.merge(report.sourceMarket(), direction, Integer::sum);
        long counted = countedTourists + (report.counted() ? direction * (long) report.tourists() : 0);
        return new AgencyAccount(cap, balance.after(verifiedOrReversed), counted, opened);
    }
}
