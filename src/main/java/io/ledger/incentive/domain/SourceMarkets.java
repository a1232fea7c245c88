package io.ledger.incentive.domain;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** ISO 3166-1 alpha-2 codes, Hong Kong (HK), Macao (MO) and Taiwan (TW) included. */
public final class SourceMarkets {

    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    /** Mainland China: tourists from there are domestic, never inbound. */
    public static final String MAINLAND = "CN";

    /**
     * Territories with no permanent population: nobody can arrive from there, so a report naming one
     * can only be an error or a way to farm the pioneering award.
     */
    public static final Set<String> UNINHABITED = Set.of("AQ", "BV", "HM", "GS", "TF", "UM", "IO");

    private SourceMarkets() {
    }

    public static boolean isValid(String code) {
        return code != null && CODES.contains(code);
    }

    /** Whether a program may name this market at all. */
    public static boolean mayBeEligible(String code) {
        return isValid(code) && !MAINLAND.equals(code) && !UNINHABITED.contains(code);
    }

    /** Every market a program may name, sorted: the eligible markets of a program that names none. */
    public static List<String> defaultEligible() {
        return CODES.stream().filter(SourceMarkets::mayBeEligible).sorted().toList();
    }

    /** The markets sorted and without repeats, or null when one of them may not be eligible. */
    public static List<String> normalized(Collection<String> markets) {
        if (markets.stream().anyMatch(m -> !mayBeEligible(m))) {
            return null;
        }
        return List.copyOf(new TreeSet<>(markets));
    }
}
