package io.ledger.api;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An exact amount of CNY, held in fen. Written as a decimal string with two places
 * ({@code "3000000.00"}); negative only where a balance can be owed.
 */
public record Money(long fen) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    /** Digits, optionally a point and one or two more digits; nothing else (no sign, exponent, spaces). */
    private static final Pattern NON_NEGATIVE = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?");
    private static final Pattern SIGNED = Pattern.compile("-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?");

    public static Money ofYuan(long yuan) {
        return new Money(Math.multiplyExact(yuan, 100));
    }

    /**
     * Parses an amount as clients send it: {@code "3000000"}, {@code "12.5"}, {@code "12.50"}.
     *
     * @throws IllegalArgumentException for anything else, including {@code "1.005"}, {@code "-1.00"},
     *                                  {@code "1e3"}
     */
    public static Money parse(String text) {
        if (text == null || !NON_NEGATIVE.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a non-negative amount in CNY with at most two decimal "
                    + "places, written as a string such as \"1250.50\"");
        }
        return new Money(new BigDecimal(text).movePointRight(2).longValueExact());
    }

    /** Reads what {@link #toString()} wrote, sign included (stored events and documents). */
    @JsonCreator
    public static Money of(String text) {
        if (text == null || !SIGNED.matcher(text).matches()) {
            throw new IllegalArgumentException("not an amount: " + text);
        }
        return new Money(new BigDecimal(text).movePointRight(2).longValueExact());
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(fen, factor));
    }

    public static Money min(Money a, Money b) {
        return a.fen <= b.fen ? a : b;
    }

    public static Money max(Money a, Money b) {
        return a.fen >= b.fen ? a : b;
    }

    public boolean isPositive() {
        return fen > 0;
    }

    public boolean isNegative() {
        return fen < 0;
    }

    public boolean isZero() {
        return fen == 0;
    }

    public boolean exceeds(Money other) {
        return fen > other.fen;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(fen, other.fen);
    }

    @JsonValue
    @Override
    public String toString() {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
