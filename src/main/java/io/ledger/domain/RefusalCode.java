package io.ledger.domain;

/**
 * Why the ledger refused a command: the stable codes clients and the console act on. A new code
 * needs an HTTP status in the problem mapping (the switch there has no default) and a sentence in
 * the console's messages.
 */
public enum RefusalCode {
    NOT_FOUND,
    DUPLICATE_ID,
    VALIDATION_FAILED,
    AGENCY_NOT_ENROLLED,
    PROGRAM_CLOSED,
    ARRIVAL_OUTSIDE_FISCAL_YEAR,
    ARRIVAL_IN_FUTURE,
    MARKET_NOT_ELIGIBLE,
    DUPLICATE_GROUP,
    INVALID_REPORT_STATE,
    SAME_USER_NOT_ALLOWED,
    INVALID_PAYOUT_STATE,
    FOUR_EYES_REQUIRED,
    PAYOUT_EXCEEDS_BALANCE,
    DATE_IN_FUTURE,
    INVALID_PERIOD,
    FACILITY_ALREADY_REMOVED,
    NO_FACILITY_FOR_CHANNEL
}
