package io.ledger.incentive.domain;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 codes, Hong Kong (HK), Macao (MO) and Taiwan (TW) included. */
public final class SourceMarkets {

    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private SourceMarkets() {
    }

    public static boolean isValid(String code) {
        return code != null && CODES.contains(code);
    }
}
