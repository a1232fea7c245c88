package io.ledger.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ledger.api.Money;
import io.ledger.incentive.api.AwardRules.Tier;
import io.ledger.incentive.api.AwardRules;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class AwardPolicyTest {

    static final List<Tier> TIERS = List.of(new Tier(1, Money.ofYuan(50)), new Tier(5001, Money.ofYuan(80)));
    static final AwardRules RULES = new AwardRules(new AwardRules.Headcount(1, TIERS),
            new AwardRules.LargeGroup(30, Money.ofYuan(3000)), new AwardRules.Pioneering(Money.ofYuan(100000), 1, 0));

    @ParameterizedTest
    @CsvSource({
            "0, 1, 50", "0, 10, 500", "4990, 10, 500", "4995, 10, 650", "5000, 1, 80", "4999, 2, 130",
            "0, 5000, 250000", "0, 5001, 250080", "10000, 3, 240"})
    void marginalTiersPayEachTouristTheRateOfItsNumber(long before, int tourists, long yuan) {
        assertThat(AwardPolicy.headcount(TIERS, before, tourists)).isEqualTo(Money.ofYuan(yuan));
    }

    @Test
    void eachPartHasItsCondition() {
        assertThat(AwardPolicy.award(RULES, 0, 30, 1, true))
                .isEqualTo(new AwardPolicy.Award(Money.ofYuan(1500), Money.ofYuan(3000), Money.ofYuan(100000)));
        assertThat(AwardPolicy.award(RULES, 0, 29, 0, false))
                .isEqualTo(new AwardPolicy.Award(Money.ZERO, Money.ZERO, Money.ZERO));
        assertThat(AwardPolicy.award(AwardRules.none(), 0, 100, 5, true).computed()).isEqualTo(Money.ZERO);
        assertThat(AwardPolicy.meetsMinNights(RULES, 0)).isFalse();
        assertThat(AwardPolicy.meetsMinNights(RULES, 1)).isTrue();
    }

    @Test
    void rulesThatCannotBeAppliedAreNamed() {
        assertThat(AwardPolicy.problemWith(RULES)).isNull();
        assertThat(AwardPolicy.problemWith(new AwardRules(new AwardRules.Headcount(1, List.of()), null, null)))
                .contains("tier from tourist 1");
        assertThat(AwardPolicy.problemWith(new AwardRules(new AwardRules.Headcount(1,
                List.of(new Tier(1, Money.ofYuan(1)), new Tier(1, Money.ofYuan(2)))), null, null)))
                .contains("strictly increasing");
        assertThat(AwardPolicy.problemWith(new AwardRules(new AwardRules.Headcount(-1, TIERS), null, null)))
                .contains("minNights");
        assertThat(AwardPolicy.problemWith(new AwardRules(null, new AwardRules.LargeGroup(0, Money.ZERO), null)))
                .contains("largeGroup");
        assertThat(AwardPolicy.problemWith(new AwardRules(new AwardRules.Headcount(1,
                List.of(new Tier(1, Money.of("-0.01")))), null, null))).contains("must not be negative");
        assertThat(AwardPolicy.problemWith(new AwardRules(null, new AwardRules.LargeGroup(1, Money.of("-0.01")),
                null))).contains("largeGroup");
        assertThat(AwardPolicy.problemWith(new AwardRules(null, null,
                new AwardRules.Pioneering(Money.of("-0.01"), 1, 0)))).contains("awardPerNewMarket");
        assertThat(AwardPolicy.problemWith(new AwardRules(null, null, new AwardRules.Pioneering(Money.ZERO, 0, 0))))
                .contains("minTourists");
        assertThat(AwardPolicy.problemWith(new AwardRules(null, null, new AwardRules.Pioneering(Money.ZERO, 1, -1))))
                .contains("minNights");
    }

    @Test
    void theSmallestRulesThatCanBeAppliedAreAccepted() {
        assertThat(AwardPolicy.problemWith(new AwardRules(new AwardRules.Headcount(0,
                List.of(new Tier(1, Money.ZERO))), new AwardRules.LargeGroup(1, Money.ZERO),
                new AwardRules.Pioneering(Money.ZERO, 1, 0)))).isNull();
        assertThat(AwardPolicy.problemWith(AwardRules.none())).isNull();
    }

    @Property
    void splittingAGroupNeverChangesTheHeadcountAward(@ForAll @LongRange(max = 20_000) long before,
            @ForAll @IntRange(max = 6_000) int first, @ForAll @IntRange(max = 6_000) int second) {
        Money together = AwardPolicy.headcount(TIERS, before, first + second);
        Money split = AwardPolicy.headcount(TIERS, before, first).plus(AwardPolicy.headcount(TIERS, before + first, second));
        assertThat(split).isEqualTo(together);
    }

    @Property
    void theHeadcountAwardLiesBetweenTheLowestAndHighestRate(@ForAll @LongRange(max = 20_000) long before,
            @ForAll @IntRange(min = 1, max = 6_000) int tourists) {
        Money award = AwardPolicy.headcount(TIERS, before, tourists);
        assertThat(award).isBetween(Money.ofYuan(50).times(tourists), Money.ofYuan(80).times(tourists));
    }

    static final AwardRules PIONEERING = new AwardRules(null, null,
            new AwardRules.Pioneering(Money.ofYuan(100000), 10, 2));

    @Test
    void thePioneeringAwardHasItsOwnMinimums() {
        assertThat(AwardPolicy.award(PIONEERING, 0, 10, 2, true).pioneering()).isEqualTo(Money.ofYuan(100000));
        assertThat(AwardPolicy.award(PIONEERING, 0, 9, 2, true).pioneering()).isEqualTo(Money.ZERO);
        assertThat(AwardPolicy.award(PIONEERING, 0, 10, 1, true).pioneering()).isEqualTo(Money.ZERO);
        assertThat(AwardPolicy.award(PIONEERING, 0, 1, 0, true).computed()).isEqualTo(Money.ZERO);
        assertThat(AwardPolicy.problemWith(new AwardRules(null, null,
                new AwardRules.Pioneering(Money.ofYuan(1), 0, 0)))).contains("minTourists");
        assertThat(AwardPolicy.problemWith(new AwardRules(null, null,
                new AwardRules.Pioneering(Money.ofYuan(1), 1, -1)))).contains("minNights");
    }

    @Property
    void pioneeringIsPaidExactlyWhenTheMarketIsNewAndBothMinimumsAreMet(
            @ForAll @IntRange(min = 1, max = 100_000) int tourists, @ForAll @IntRange(max = 366) int nights,
            @ForAll @IntRange(min = 1, max = 200) int minTourists, @ForAll @IntRange(max = 30) int minNights,
            @ForAll boolean newMarket) {
        AwardRules rules = new AwardRules(null, null, new AwardRules.Pioneering(Money.ofYuan(500), minTourists,
                minNights));
        boolean earns = newMarket && tourists >= minTourists && nights >= minNights;
        assertThat(AwardPolicy.award(rules, 0, tourists, nights, newMarket).pioneering())
                .isEqualTo(earns ? Money.ofYuan(500) : Money.ZERO);
    }
}
