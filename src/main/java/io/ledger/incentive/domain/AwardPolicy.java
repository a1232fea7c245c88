package io.ledger.incentive.domain;

import java.util.List;

import io.ledger.api.Money;
import io.ledger.incentive.api.AwardRules;

/** What a verified report earns under a program's rules. Pure: no state, no clock. */
public final class AwardPolicy {

    private AwardPolicy() {
    }

    /** The three kinds of award; {@code computed} is their sum. */
    public record Award(Money headcount, Money largeGroup, Money pioneering) {
        public Money computed() {
            return headcount.plus(largeGroup).plus(pioneering);
        }
    }

    /**
     * @param countedBefore tourists of the agency's earlier verified, unreversed reports in this program
     *                      that met the minimum nights
     * @param newMarket     no earlier verified, unreversed report of the agency came from this market
     */
    public static Award award(AwardRules rules, long countedBefore, int tourists, int nights, boolean newMarket) {
        Money headcount = rules.headcount() != null && meetsMinNights(rules, nights)
                ? headcount(rules.headcount().tiers(), countedBefore, tourists) : Money.ZERO;
        Money largeGroup = rules.largeGroup() != null && tourists >= rules.largeGroup().minGroupSize()
                ? rules.largeGroup().subsidyPerGroup() : Money.ZERO;
        Money pioneering = newMarket && meetsPioneeringMinimums(rules, tourists, nights)
                ? rules.pioneering().awardPerNewMarket() : Money.ZERO;
        return new Award(headcount, largeGroup, pioneering);
    }

    /** Whether the report's tourists count toward the agency's running number. */
    public static boolean meetsMinNights(AwardRules rules, int nights) {
        return rules.headcount() != null && nights >= rules.headcount().minNights();
    }

    /** Whether a report is big and long enough to earn the pioneering award, if its market is new. */
    public static boolean meetsPioneeringMinimums(AwardRules rules, int tourists, int nights) {
        return rules.pioneering() != null && tourists >= rules.pioneering().minTourists()
                && nights >= rules.pioneering().minNights();
    }

    /**
     * Marginal tiers, like tax brackets: tourists numbered {@code countedBefore + 1 … countedBefore +
     * tourists} are each paid the rate of the tier their number falls in. Tiers are sorted by
     * {@code fromTourist} and the first starts at 1.
     */
    static Money headcount(List<AwardRules.Tier> tiers, long countedBefore, int tourists) {
        long first = countedBefore + 1;
        long last = countedBefore + tourists;
        Money total = Money.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            long tierFrom = tiers.get(i).fromTourist();
            long tierTo = i + 1 < tiers.size() ? tiers.get(i + 1).fromTourist() - 1 : Long.MAX_VALUE;
            long from = Math.max(first, tierFrom);
            long to = Math.min(last, tierTo);
            if (from <= to) {
                total = total.plus(tiers.get(i).ratePerTourist().times(to - from + 1));
            }
        }
        return total;
    }

    /** Why a set of rules cannot be used, or null when it can. */
    public static String problemWith(AwardRules rules) {
        if (rules.headcount() != null) {
            AwardRules.Headcount headcount = rules.headcount();
            if (headcount.minNights() < 0) {
                return "rules.headcount.minNights must be 0 or more";
            }
            List<AwardRules.Tier> tiers = headcount.tiers();
            if (tiers.isEmpty() || tiers.get(0).fromTourist() != 1) {
                return "rules.headcount.tiers must start with a tier from tourist 1";
            }
            for (int i = 1; i < tiers.size(); i++) {
                if (tiers.get(i).fromTourist() <= tiers.get(i - 1).fromTourist()) {
                    return "rules.headcount.tiers must have strictly increasing fromTourist";
                }
            }
            if (tiers.stream().anyMatch(t -> t.ratePerTourist().isNegative())) {
                return "rules.headcount.tiers rates must not be negative";
            }
        }
        if (rules.largeGroup() != null && (rules.largeGroup().minGroupSize() < 1
                || rules.largeGroup().subsidyPerGroup().isNegative())) {
            return "rules.largeGroup needs minGroupSize of at least 1 and a non-negative subsidy";
        }
        if (rules.pioneering() != null && rules.pioneering().awardPerNewMarket().isNegative()) {
            return "rules.pioneering.awardPerNewMarket must not be negative";
        }
        if (rules.pioneering() != null && (rules.pioneering().minTourists() < 1
                || rules.pioneering().minNights() < 0)) {
            return "rules.pioneering needs minTourists of at least 1 and minNights of 0 or more";
        }
        return null;
    }
}
