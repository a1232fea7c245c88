package io.ledger.web.support;

import org.springframework.http.HttpStatus;

import io.ledger.api.Money;
import io.ledger.incentive.domain.SourceMarkets;
import io.ledger.web.problem.ProblemException;

/** Checks of request fields that bean validation cannot express, with the same problem code. */
public final class Inputs {

    /** Client-chosen ids: letters, digits, dot, underscore, hyphen; 1 to 64 characters. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private Inputs() {
    }

    public static Money money(String field, String value) {
        try {
            return Money.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    public static Money positiveMoney(String field, String value) {
        Money money = money(field, value);
        if (!money.isPositive()) {
            throw invalid(field + ": must be more than 0");
        }
        return money;
    }

    public static String sourceMarket(String value) {
        if (!SourceMarkets.isValid(value)) {
            throw invalid("sourceMarket: must be an ISO 3166-1 alpha-2 code such as MY, SG, HK, MO, TW");
        }
        return value;
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " does not exist");
    }

    public static ProblemException forbidden() {
        return new ProblemException(HttpStatus.FORBIDDEN, "FORBIDDEN", "You are not allowed to do this.");
    }
}
