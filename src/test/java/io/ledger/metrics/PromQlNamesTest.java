package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void namesAreWhatIsLeftWithoutFunctionsLabelsKeywordsAndNumbers() {
        assertThat(PromQlNames.of("sum by (program, status) (rate(some_requests_total{status=~\"5..\", "
                + "uri!~\"/actuator.*\"}[5m])) / on(instance) group_left(version) build_info offset 1h > 1e-9 "
                + "and vector(0) or sum without (a) (x:recorded:rate5m) > bool 0.5 unless time() - 3 * 3600"))
                .containsExactlyInAnyOrder("some_requests_total", "build_info", "x:recorded:rate5m");
    }

    @Test
    void aMetricOfAnyPrefixIsFoundAndAStringOrLabelThatLooksLikeOneIsNot() {
        assertThat(PromQlNames.of("up{job=\"ledger_storage_up\"} == 0 and on() some_other_gauge"))
                .containsExactlyInAnyOrder("up", "some_other_gauge");
        assertThat(PromQlNames.of("max(ledger_a{x='ledger_b'}) by (ledger_c) + ledger_d[5m:1m] @ 1609746000"))
                .containsExactlyInAnyOrder("ledger_a", "ledger_d");
        assertThat(PromQlNames.of("{__name__=\"named_by_label\", job=\"j\"}")).containsExactly("named_by_label");
    }

    @Test
    void aPatternOfNamesIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> PromQlNames.of("{__name__=~\"ledger_.*\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__name__");
    }
}
