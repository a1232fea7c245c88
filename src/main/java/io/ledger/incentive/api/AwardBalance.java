package io.ledger.incentive.api;

import io.ledger.api.Money;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.MoneyMovement;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.UnfundedAwardFunded;

/**
 * An agency's money in one program, or a program's totals, folded from the events: the one place
 * that says how each event moves the figures and what is derived from them. The aggregate decides
 * with it and the audit replays with it; the property test keeps an independent model on purpose.
 * Conservation holds by construction: computed = accrued + capped + unfunded, and accrued =
 * outstanding + reserved + paid.
 */
public record AwardBalance(Money computed, Money accrued, Money capped, Money unfunded, Money reserved,
        Money paid) {

    public static final AwardBalance NONE = new AwardBalance(Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO,
            Money.ZERO, Money.ZERO);

    /** The figures after one event. */
    public AwardBalance after(MoneyMovement event) {
        if (event instanceof ReportVerified e) {
            return new AwardBalance(computed.plus(e.computed()), accrued, capped, unfunded, reserved, paid);
        } else if (event instanceof AwardAccrued e) {
            return new AwardBalance(computed, accrued.plus(e.amount()), capped, unfunded, reserved, paid);
        } else if (event instanceof AwardCapped e) {
            return new AwardBalance(computed, accrued, capped.plus(e.amount()), unfunded, reserved, paid);
        } else if (event instanceof AwardUnfunded e) {
            return new AwardBalance(computed, accrued, capped, unfunded.plus(e.amount()), reserved, paid);
        } else if (event instanceof UnfundedAwardFunded e) {
            return new AwardBalance(computed, accrued.plus(e.amount()), capped, unfunded.minus(e.amount()), reserved,
                    paid);
        } else if (event instanceof ReportReversed e) {
            // the capped part of a reversed report was never payable and stays recorded as capped
            return new AwardBalance(computed.minus(e.accruedTakenBack()).minus(e.unfundedReleased()),
                    accrued.minus(e.accruedTakenBack()), capped, unfunded.minus(e.unfundedReleased()), reserved, paid);
        } else if (event instanceof PayoutRequested e) {
            return new AwardBalance(computed, accrued, capped, unfunded, reserved.plus(e.amount()), paid);
        } else if (event instanceof PayoutSettled e) {
            return new AwardBalance(computed, accrued, capped, unfunded, reserved.minus(e.amount()),
                    paid.plus(e.amount()));
        } else if (event instanceof PayoutFailed e) {
            return new AwardBalance(computed, accrued, capped, unfunded, reserved.minus(e.amount()), paid);
        }
        throw new IllegalArgumentException("no rule for " + event.getClass().getSimpleName());
    }

    /** What the agency is owed and no payout has claimed yet. */
    public Money outstanding() {
        return accrued.minus(reserved).minus(paid);
    }

    /** How much more may still accrue or wait for budget under the cap. */
    public Money capHeadroom(Money cap) {
        return cap.minus(accrued).minus(unfunded);
    }

    public AwardBalance plus(AwardBalance other) {
        return new AwardBalance(computed.plus(other.computed), accrued.plus(other.accrued),
                capped.plus(other.capped), unfunded.plus(other.unfunded), reserved.plus(other.reserved),
                paid.plus(other.paid));
    }
}
