package io.ledger.incentive.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

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

/** How each event moves an agency's money; the derived figures. */
class AwardBalanceTest {

    static Money yuan(long yuan) {
        return Money.ofYuan(yuan);
    }

    static AwardBalance balance(long computed, long accrued, long capped, long unfunded, long reserved, long paid) {
        return new AwardBalance(yuan(computed), yuan(accrued), yuan(capped), yuan(unfunded), yuan(reserved),
                yuan(paid));
    }

    @Test
    void eachEventMovesItsFigures() {
        AwardBalance b = AwardBalance.NONE
                .after(new ReportVerified("P", "R1", "A", "o", yuan(1), yuan(2), yuan(3), yuan(100), true));
        assertThat(b).isEqualTo(balance(100, 0, 0, 0, 0, 0));
        b = b.after(new AwardAccrued("P", "R1", "A", yuan(60)));
        assertThat(b).isEqualTo(balance(100, 60, 0, 0, 0, 0));
        b = b.after(new AwardCapped("P", "R1", "A", yuan(10)));
        assertThat(b).isEqualTo(balance(100, 60, 10, 0, 0, 0));
        b = b.after(new AwardUnfunded("P", "R1", "A", yuan(30)));
        assertThat(b).isEqualTo(balance(100, 60, 10, 30, 0, 0));
        b = b.after(new UnfundedAwardFunded("P", "R1", "A", yuan(20)));
        assertThat(b).isEqualTo(balance(100, 80, 10, 10, 0, 0));
        b = b.after(new PayoutRequested("P", "PAY1", "A", yuan(50), "o1"));
        assertThat(b).isEqualTo(balance(100, 80, 10, 10, 50, 0));
        b = b.after(new PayoutSettled("P", "PAY1", "A", yuan(40), "B1", LocalDate.of(2025, 6, 1), "o1"));
        assertThat(b).isEqualTo(balance(100, 80, 10, 10, 10, 40));
        b = b.after(new PayoutFailed("P", "PAY2", "A", yuan(10), "closed", "o1"));
        assertThat(b).isEqualTo(balance(100, 80, 10, 10, 0, 40));
        // the capped part of a reversed report stays recorded as capped
        b = b.after(new ReportReversed("P", "R1", "A", "wrong", "o2", yuan(80), yuan(10)));
        assertThat(b).isEqualTo(balance(10, 0, 10, 0, 0, 40));
    }

    @Test
    void outstandingIsWhatAccruedAndNoPayoutClaimedAndTheHeadroomCountsWaitingClaims() {
        AwardBalance b = balance(200, 100, 20, 30, 25, 15);
        assertThat(b.outstanding()).isEqualTo(yuan(60));
        assertThat(b.capHeadroom(yuan(150))).isEqualTo(yuan(20));
        // paid out, then reversed: the agency owes what it was paid
        assertThat(balance(0, 0, 0, 0, 0, 40).outstanding()).isEqualTo(yuan(-40));
    }

    @Test
    void totalsAddEveryFigure() {
        assertThat(balance(1, 2, 3, 4, 5, 6).plus(balance(10, 20, 30, 40, 50, 60)))
                .isEqualTo(balance(11, 22, 33, 44, 55, 66));
        assertThat(AwardBalance.NONE.plus(balance(1, 2, 3, 4, 5, 6))).isEqualTo(balance(1, 2, 3, 4, 5, 6));
    }

    @Test
    void aMovementWithoutARuleIsAnError() {
        MoneyMovement unknown = new MoneyMovement() {
            @Override
            public String programId() {
                return "P";
            }

            @Override
            public String agencyId() {
                return "A";
            }
        };
        assertThatThrownBy(() -> AwardBalance.NONE.after(unknown)).isInstanceOf(IllegalArgumentException.class);
    }
}
