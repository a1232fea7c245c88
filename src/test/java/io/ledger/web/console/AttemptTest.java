package io.ledger.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.ui.ExtendedModelMap;

import com.mongodb.MongoTimeoutException;

import io.ledger.eventstore.CommitOutcomeUnknownException;
import io.ledger.eventstore.PositionSealedException;
import io.ledger.web.console.Attempt.Failure;

/** How a console action's failure becomes a code on the page, with what the user typed. */
class AttemptTest {

    private static Map<String, String> typed(String reason) {
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("payoutId", "P-7");
        typed.put("reason", reason);
        typed.put("amount", "120.00");
        return typed;
    }

    private static Failure failure(Map<String, String> typed, Runnable command) {
        ExtendedModelMap model = new ExtendedModelMap();
        assertThat(Attempt.run(model, "payout", typed, command)).isFalse();
        return (Failure) model.get("failure");
    }

    @Test
    void textTheApiRefusesIsRefusedBesideItsFieldBeforeAnythingRuns() {
        for (String unsafe : new String[] {"fee \u202Egnp.exe", "bell \u0007", "lone \uD800", "zero\u200Bwidth",
                "unassigned \u0378", "line\u2028separator"}) {
            AtomicBoolean ran = new AtomicBoolean();
            Failure failure = failure(typed(unsafe), () -> ran.set(true));

            assertThat(ran).as(unsafe).isFalse();
            assertThat(failure.code()).as(unsafe).isEqualTo("UNSAFE_TEXT");
            assertThat(failure.onField("payout", "reason")).as(unsafe).isTrue();
            assertThat(failure.value("payout", "reason")).isEqualTo(unsafe);
            assertThat(failure.value("payout", "amount")).isEqualTo("120.00");
        }
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(Attempt.run(new ExtendedModelMap(), "payout", typed("银行退回：账户已销户 (café)"), () -> ran.set(true)))
                .isTrue();
        assertThat(ran).isTrue();
    }

    @Test
    void anAmountOutOfRangeIsARefusalThatKeepsWhatWasTyped() {
        Failure failure = failure(typed("r"), () -> Math.multiplyExact(Long.MAX_VALUE, 2));

        assertThat(failure.code()).isEqualTo("AMOUNT_OUT_OF_RANGE");
        assertThat(failure.value("payout", "payoutId")).isEqualTo("P-7");
    }

    @Test
    void storeFailuresAreSaidAsTheApiSaysThemAndKeepWhatWasTyped() {
        Failure unknown = failure(typed("r"), () -> {
            throw new CommandExecutionException("commit failed",
                    new CommitOutcomeUnknownException(7, "program:P1", null));
        });
        assertThat(unknown.code()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(unknown.value("payout", "amount")).isEqualTo("120.00");

        Failure sealed = failure(typed("r"), () -> {
            throw new PositionSealedException(7, "program:P1");
        });
        assertThat(sealed.code()).isEqualTo("STORAGE_UNAVAILABLE");

        Failure down = failure(typed("r"), () -> {
            throw new MongoTimeoutException("no server");
        });
        assertThat(down.code()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(down.value("payout", "payoutId")).isEqualTo("P-7");
    }
}
