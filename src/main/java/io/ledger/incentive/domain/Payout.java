package io.ledger.incentive.domain;

import java.time.LocalDate;

import io.ledger.api.Money;
import io.ledger.incentive.api.PayoutStatus;

/** One payout of a program to an agency. Immutable: every event gives a new payout. */
record Payout(String agencyId, Money amount, String requestedBy, String approvedBy, PayoutStatus status,
        String bankReference, LocalDate settledOn) {

    static Payout requested(String agencyId, Money amount, String requestedBy) {
        return new Payout(agencyId, amount, requestedBy, null, PayoutStatus.REQUESTED, null, null);
    }

    boolean is(PayoutStatus expected) {
        return status == expected;
    }

    boolean settledAs(String reference, LocalDate on) {
        return status == PayoutStatus.SETTLED && reference.equals(bankReference) && on.equals(settledOn);
    }

    Payout approved(String by) {
        return new Payout(agencyId, amount, requestedBy, by, PayoutStatus.APPROVED, null, null);
    }

    Payout settled(String reference, LocalDate on) {
        return new Payout(agencyId, amount, requestedBy, approvedBy, PayoutStatus.SETTLED, reference, on);
    }

    Payout failed() {
        return new Payout(agencyId, amount, requestedBy, approvedBy, PayoutStatus.FAILED, bankReference, settledOn);
    }
}
