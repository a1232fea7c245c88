package io.ledger.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ledger.api.Money;
import io.ledger.incentive.api.AwardBalance;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.MoneyMovement;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;

/**
 * A program's money, folded from its events alone, independently of the read models and of the
 * aggregate's state: what an auditor's own tool would compute from an export. How each event moves
 * the figures is {@link AwardBalance}'s rule, the one the aggregate decides with.
 */
public final class ProgramFold {

    private Money budget = Money.ZERO;
    private Money cap = Money.ZERO;
    private boolean opened;
    private final Map<String, AwardBalance> agencies = new LinkedHashMap<>();
    private final Map<String, Money> caps = new LinkedHashMap<>();

    public void apply(Object event) {
        if (event instanceof ProgramOpened e) {
            opened = true;
            budget = e.budget();
            cap = e.agencyAnnualCap();
        } else if (event instanceof BudgetIncreased e) {
            budget = e.budget();
        } else if (event instanceof AgencyEnrolled e) {
            agencies.putIfAbsent(e.agencyId(), AwardBalance.NONE);
            caps.putIfAbsent(e.agencyId(), e.cap() != null ? e.cap() : cap);
        } else if (event instanceof MoneyMovement e) {
            agencies.put(e.agencyId(), agencies.getOrDefault(e.agencyId(), AwardBalance.NONE).after(e));
        }
    }

    /** A fold taken up where a checkpoint wrote it down (see {@link FoldCheckpoints}). */
    static ProgramFold resumed(boolean opened, Money budget, Money cap, Map<String, AwardBalance> agencies,
            Map<String, Money> caps) {
        ProgramFold fold = new ProgramFold();
        fold.opened = opened;
        fold.budget = budget;
        fold.cap = cap;
        fold.agencies.putAll(agencies);
        fold.caps.putAll(caps);
        return fold;
    }

    /** An independent copy (the balances are values, the maps are copied). */
    ProgramFold copy() {
        return resumed(opened, budget, cap, agencies, caps);
    }

    /** The program's own cap, for agencies enrolled without one of their own. */
    Money programCap() {
        return cap;
    }

    /** The caps decided at enrolment, in enrolment order. */
    Map<String, Money> caps() {
        return caps;
    }

    public boolean opened() {
        return opened;
    }

    public Money budget() {
        return budget;
    }

    /** The annual cap decided for the agency when it enrolled. */
    public Money cap(String agencyId) {
        return caps.getOrDefault(agencyId, cap);
    }

    public Map<String, AwardBalance> agencies() {
        return agencies;
    }

    public boolean enrolled(String agencyId) {
        return agencies.containsKey(agencyId);
    }

    public AwardBalance totals() {
        return agencies.values().stream().reduce(AwardBalance.NONE, AwardBalance::plus);
    }
}
