package io.ledger.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ledger.api.Money;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.UnfundedAwardFunded;

/**
 * A program's money, folded from its events alone, independently of the read models: what an
 * auditor's own tool would compute from an export.
 */
public final class ProgramFold {

    /** One agency's figures, or the program's totals. */
    public static final class Figures {
        Money computed = Money.ZERO;
        Money accrued = Money.ZERO;
        Money capped = Money.ZERO;
        Money unfunded = Money.ZERO;
        Money reserved = Money.ZERO;
        Money paid = Money.ZERO;

        public Money computed() {
            return computed;
        }

        public Money accrued() {
            return accrued;
        }

        public Money capped() {
            return capped;
        }

        public Money unfunded() {
            return unfunded;
        }

        public Money reserved() {
            return reserved;
        }

        public Money paid() {
            return paid;
        }

        public Money outstanding() {
            return accrued.minus(reserved).minus(paid);
        }
    }

    private Money budget = Money.ZERO;
    private Money cap = Money.ZERO;
    private boolean opened;
    private final Map<String, Figures> agencies = new LinkedHashMap<>();

    public void apply(Object event) {
        if (event instanceof ProgramOpened e) {
            opened = true;
            budget = e.budget();
            cap = e.agencyAnnualCap();
        } else if (event instanceof BudgetIncreased e) {
            budget = e.budget();
        } else if (event instanceof AgencyEnrolled e) {
            agencies.putIfAbsent(e.agencyId(), new Figures());
        } else if (event instanceof ReportVerified e) {
            Figures f = agency(e.agencyId());
            f.computed = f.computed.plus(e.computed());
        } else if (event instanceof AwardAccrued e) {
            Figures f = agency(e.agencyId());
            f.accrued = f.accrued.plus(e.amount());
        } else if (event instanceof AwardCapped e) {
            Figures f = agency(e.agencyId());
            f.capped = f.capped.plus(e.amount());
        } else if (event instanceof AwardUnfunded e) {
            Figures f = agency(e.agencyId());
            f.unfunded = f.unfunded.plus(e.amount());
        } else if (event instanceof UnfundedAwardFunded e) {
            Figures f = agency(e.agencyId());
            f.unfunded = f.unfunded.minus(e.amount());
            f.accrued = f.accrued.plus(e.amount());
        } else if (event instanceof ReportReversed e) {
            Figures f = agency(e.agencyId());
            f.accrued = f.accrued.minus(e.accruedTakenBack());
            f.unfunded = f.unfunded.minus(e.unfundedReleased());
            f.computed = f.computed.minus(e.accruedTakenBack()).minus(e.unfundedReleased());
        } else if (event instanceof PayoutRequested e) {
            Figures f = agency(e.agencyId());
            f.reserved = f.reserved.plus(e.amount());
        } else if (event instanceof PayoutSettled e) {
            Figures f = agency(e.agencyId());
            f.reserved = f.reserved.minus(e.amount());
            f.paid = f.paid.plus(e.amount());
        } else if (event instanceof PayoutFailed e) {
            Figures f = agency(e.agencyId());
            f.reserved = f.reserved.minus(e.amount());
        }
    }

    private Figures agency(String agencyId) {
        return agencies.computeIfAbsent(agencyId, id -> new Figures());
    }

    public boolean opened() {
        return opened;
    }

    public Money budget() {
        return budget;
    }

    public Money cap() {
        return cap;
    }

    public Map<String, Figures> agencies() {
        return agencies;
    }

    public boolean enrolled(String agencyId) {
        return agencies.containsKey(agencyId);
    }

    public Figures totals() {
        Figures totals = new Figures();
        for (Figures f : agencies.values()) {
            totals.computed = totals.computed.plus(f.computed);
            totals.accrued = totals.accrued.plus(f.accrued);
            totals.capped = totals.capped.plus(f.capped);
            totals.unfunded = totals.unfunded.plus(f.unfunded);
            totals.reserved = totals.reserved.plus(f.reserved);
            totals.paid = totals.paid.plus(f.paid);
        }
        return totals;
    }
}
