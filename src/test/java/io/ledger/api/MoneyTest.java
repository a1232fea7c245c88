package io.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({"3000000, 300000000, 3000000.00", "12.5, 1250, 12.50", "12.50, 1250, 12.50", "0, 0, 0.00",
            "0.01, 1, 0.01", "999999999999999.99, 99999999999999999, 999999999999999.99"})
    void acceptsWhatTheContractAllows(String text, long fen, String written) {
        Money money = Money.parse(text);
        assertThat(money.fen()).isEqualTo(fen);
        assertThat(money.toString()).isEqualTo(written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.005", "-1.00", "1e3", "", " 1", "1 ", "+1", "01", "1.", ".5", "1,00", "NaN",
            "1234567890123456", "0x10"})
    void refusesEverythingElse(String text) {
        assertThatThrownBy(() -> Money.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"-1250, -12.50", "-1, -0.01", "5, 0.05"})
    void negativeBalancesAreWrittenWithASign(long fen, String written) {
        assertThat(new Money(fen).toString()).isEqualTo(written);
        assertThat(Money.of(written)).isEqualTo(new Money(fen));
    }

    @Property
    void writingAndReadingIsExact(@ForAll @LongRange(min = -99_999_999_999_999_999L, max = 99_999_999_999_999_999L) long fen)
            throws Exception {
        Money money = new Money(fen);
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(money);
        assertThat(json).isEqualTo("\"" + money + "\"");
        assertThat(mapper.readValue(json, Money.class)).isEqualTo(money);
        if (fen >= 0) {
            assertThat(Money.parse(money.toString())).isEqualTo(money);
        }
    }

    @Property
    void arithmeticIsExact(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long a,
            @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long b) {
        assertThat(new Money(a).plus(new Money(b)).minus(new Money(b))).isEqualTo(new Money(a));
        assertThat(Money.min(new Money(a), new Money(b)).fen()).isEqualTo(Math.min(a, b));
    }

    @Property
    void comparisonsFollowTheFen(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long a,
            @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long b) {
        Money x = new Money(a);
        Money y = new Money(b);
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Long.signum(a - b));
        assertThat(x.exceeds(y)).isEqualTo(a > b);
        assertThat(Money.max(x, y).fen()).isEqualTo(Math.max(a, b));
        assertThat(x.isZero()).isEqualTo(a == 0);
        assertThat(x.isPositive()).isEqualTo(a > 0);
        assertThat(x.isNegative()).isEqualTo(a < 0);
    }

    @Test
    void zeroIsNeitherPositiveNorNegative() {
        assertThat(Money.ZERO.isZero()).isTrue();
        assertThat(new Money(1).isZero()).isFalse();
        assertThat(new Money(-1).isZero()).isFalse();
        assertThat(Money.ZERO.isPositive()).isFalse();
        assertThat(Money.ZERO.isNegative()).isFalse();
    }
}
