package io.ledger.incentive.api;

import java.util.List;

import io.ledger.api.Money;

/**
 * How a program pays for a verified report; every part is optional.
 *
 * @param headcount  per tourist, by marginal tiers of the agency's running count, for stays of at
 *                   least {@code minNights}
 * @param largeGroup once per report of at least {@code minGroupSize} tourists
 * @param pioneering once per source market new to the agency in this program, for a report of at
 *                   least {@code minTourists} tourists staying at least {@code minNights} nights
 */
public record AwardRules(Headcount headcount, LargeGroup largeGroup, Pioneering pioneering) {

    public record Headcount(int minNights, List<Tier> tiers) {
        public Headcount {
            tiers = List.copyOf(tiers);
        }
    }

    /** From the {@code fromTourist}-th tourist (1-based, counted over the program year) on. */
    public record Tier(long fromTourist, Money ratePerTourist) {
    }

    public record LargeGroup(int minGroupSize, Money subsidyPerGroup) {
    }

    /** Programs opened before the minimums existed replay with 0 and 0: no minimum, as they were decided. */
    public record Pioneering(Money awardPerNewMarket, int minTourists, int minNights) {
    }

    public static AwardRules none() {
        return new AwardRules(null, null, null);
    }
}
