package io.ledger.incentive.domain;

import java.util.ArrayList;
import java.util.List;

import io.ledger.api.Money;

/**
 * How a computed award is split under the agency's cap and the program's budget. Pure.
 *
 * <p>Of {@code computed}, the part beyond the agency's cap room is capped; of the rest, the part
 * beyond the remaining budget is unfunded; the remainder accrues.
 */
public record Allocation(Money accrued, Money capped, Money unfunded) {

    public static Allocation of(Money computed, Money capRoom, Money remainingBudget) {
        Money withinCap = Money.min(computed, Money.max(capRoom, Money.ZERO));
        Money capped = computed.minus(withinCap);
        Money accrued = Money.min(withinCap, Money.max(remainingBudget, Money.ZERO));
        return new Allocation(accrued, capped, withinCap.minus(accrued));
    }

    /** An unfunded claim waiting for budget, in the order it arose. */
    public record Claim(String reportId, String agencyId, Money unfunded) {
    }

    public record Funding(String reportId, String agencyId, Money amount) {
    }

    /** Funds waiting claims oldest first with what budget is available. */
    public static List<Funding> fundOldestFirst(List<Claim> claims, Money available) {
        List<Funding> fundings = new ArrayList<>();
        Money left = Money.max(available, Money.ZERO);
        for (Claim claim : claims) {
            if (!left.isPositive()) {
                break;
            }
            Money amount = Money.min(claim.unfunded(), left);
            if (amount.isPositive()) {
                fundings.add(new Funding(claim.reportId(), claim.agencyId(), amount));
                left = left.minus(amount);
            }
        }
        return fundings;
    }
}
