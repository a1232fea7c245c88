package io.ledger.incentive.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ledger.api.Money;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class AllocationTest {

    @ParameterizedTest(name = "computed {0}, cap room {1}, budget {2} → accrued {3}, capped {4}, unfunded {5}")
    @CsvSource({
            "100, 1000, 1000, 100, 0, 0",
            "100, 60, 1000, 60, 40, 0",
            "100, 1000, 30, 30, 0, 70",
            "100, 60, 30, 30, 40, 30",
            "100, 0, 1000, 0, 100, 0",
            "100, 1000, 0, 0, 0, 100",
            "0, 0, 0, 0, 0, 0",
            "100, -5, 1000, 0, 100, 0",
            "100, 1000, -5, 0, 0, 100"})
    void splitsUnderCapThenBudget(long computed, long capRoom, long budget, long accrued, long capped, long unfunded) {
        assertThat(Allocation.of(new Money(computed), new Money(capRoom), new Money(budget)))
                .isEqualTo(new Allocation(new Money(accrued), new Money(capped), new Money(unfunded)));
    }

    @Property
    void nothingIsLostAndNoLimitIsPassed(@ForAll @LongRange(max = 1_000_000_000) long computed,
            @ForAll @LongRange(min = -1_000, max = 1_000_000_000) long capRoom,
            @ForAll @LongRange(min = -1_000, max = 1_000_000_000) long budget) {
        Allocation a = Allocation.of(new Money(computed), new Money(capRoom), new Money(budget));
        assertThat(a.accrued().plus(a.capped()).plus(a.unfunded())).isEqualTo(new Money(computed));
        assertThat(a.accrued().plus(a.unfunded()).fen()).isLessThanOrEqualTo(Math.max(capRoom, 0));
        assertThat(a.accrued().fen()).isLessThanOrEqualTo(Math.max(budget, 0));
        assertThat(a.accrued().isNegative() || a.capped().isNegative() || a.unfunded().isNegative()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0, ''", "5, 'R1:5'", "13, 'R1:10 R2:3'", "100, 'R1:10 R2:20 R3:30'"})
    void fundsOldestFirst(long available, String expected) {
        List<Allocation.Claim> claims = List.of(new Allocation.Claim("R1", "A", new Money(10)),
                new Allocation.Claim("R2", "B", new Money(20)), new Allocation.Claim("R3", "A", new Money(30)));
        String funded = String.join(" ", Allocation.fundOldestFirst(claims, new Money(available)).stream()
                .map(f -> f.reportId() + ":" + f.amount().fen()).toList());
        assertThat(funded).isEqualTo(expected);
    }
}
