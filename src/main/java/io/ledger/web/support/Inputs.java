package io.ledger.web.support;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

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

    /**
     * The largest amount one request may name: CNY 1,000,000,000,000.00, a thousand times the
     * largest fund in sight, and small enough that no sum of a few million of them leaves a long.
     */
    public static final Money MAX_AMOUNT = Money.ofYuan(1_000_000_000_000L);

    /** The earliest and latest dates a venue may have opened; later ones are planned openings. */
    public static final LocalDate EARLIEST_OPENING = LocalDate.of(1800, 1, 1);
    /** Payment facilities in this sense did not exist before; earlier dates are typing errors. */
    public static final LocalDate EARLIEST_FACILITY_DATE = LocalDate.of(1990, 1, 1);

    public static Money money(String field, String value) {
        Money money;
        try {
            money = Money.parse(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(field + ": " + (e instanceof ArithmeticException ? "is too large" : e.getMessage()));
        }
        if (money.exceeds(MAX_AMOUNT)) {
            throw invalid(field + ": must be at most " + MAX_AMOUNT);
        }
        return money;
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

    /** Dates of things that already happened: today at the latest, in the ledger's clock. */
    public static void notInFuture(String field, LocalDate date, Clock clock) {
        if (date != null && date.isAfter(LocalDate.now(clock))) {
            throw invalid(field + ": must not be in the future");
        }
    }

    public static void notInFuture(String field, Instant instant, Clock clock) {
        if (instant != null && instant.isAfter(clock.instant())) {
            throw invalid(field + ": must not be in the future");
        }
    }

    /** A date of something that happened at a facility: from 1990 to today. */
    public static void facilityDate(String field, LocalDate date, Clock clock) {
        if (date != null && date.isBefore(EARLIEST_FACILITY_DATE)) {
            throw invalid(field + ": must not be before " + EARLIEST_FACILITY_DATE);
        }
        notInFuture(field, date, clock);
    }

    /** From 1800 to a year ahead: a venue may be registered before it opens. */
    public static void openingDate(LocalDate date, Clock clock) {
        if (date != null && (date.isBefore(EARLIEST_OPENING) || date.isAfter(LocalDate.now(clock).plusYears(1)))) {
            throw invalid("openedOn: must lie between " + EARLIEST_OPENING + " and a year from today");
        }
    }

    public static void ordered(LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw invalid("to: must not be before from");
        }
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
