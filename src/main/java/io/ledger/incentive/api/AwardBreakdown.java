package io.ledger.incentive.api;

import io.ledger.api.Money;

/**
 * What a verified report earned: the parts of {@code computed}, and how it was allocated
 * ({@code computed = accrued + capped + unfunded}).
 */
public record AwardBreakdown(Money headcount, Money largeGroup, Money pioneering, Money computed, Money accrued,
        Money capped, Money unfunded) {
}
