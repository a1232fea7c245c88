package io.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RefusalTest {

    @Test
    void aRefusalIsKnownByItsCode() {
        assertThat(new Refusal(RefusalCode.FOUR_EYES_REQUIRED, "x").code()).isEqualTo("FOUR_EYES_REQUIRED");
        assertThat(Refusal.notFound("report R1").refusalCode()).isEqualTo(RefusalCode.NOT_FOUND);
        assertThat(Refusal.invalid("bad").refusalCode()).isEqualTo(RefusalCode.VALIDATION_FAILED);
    }

    @Test
    void anIdIsNewARepeatOrRefused() {
        assertThat(Refusal.isRepeat(null, List.of("a"), "report id R1")).isFalse();
        assertThat(Refusal.isRepeat(List.of("a"), List.of("a"), "report id R1")).isTrue();
        assertThatThrownBy(() -> Refusal.isRepeat(List.of("a"), List.of("b"), "report id R1"))
                .isInstanceOfSatisfying(Refusal.class,
                        r -> assertThat(r.refusalCode()).isEqualTo(RefusalCode.DUPLICATE_ID))
                .hasMessage("report id R1 was already used for a different request");
    }
}
