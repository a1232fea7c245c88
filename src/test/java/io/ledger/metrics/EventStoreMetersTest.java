package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.ledger.eventstore.CommitLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The event store's own figures, under the names the README's metric table and the dashboards use. */
class EventStoreMetersTest {

    @Test
    void voidsAndFailedGiveBacksAreExportedAsCountersOfTheEventStore() {
        CommitLog store = mock(CommitLog.class);
        when(store.voidsWritten()).thenReturn(42L);
        when(store.failedGiveBacks()).thenReturn(3L);
        when(store.sealedPositions()).thenReturn(5L);
        when(store.oldestPendingGap()).thenReturn(Duration.ZERO);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        new LedgerMetrics().eventStoreMeters(store).bindTo(registry);

        assertThat(registry.scrape())
                .contains("ledger_event_store_voids_total 42.0")
                .contains("ledger_event_store_failed_give_backs_total 3.0")
                .contains("ledger_event_store_sealed_positions_total 5.0");
        when(store.failedGiveBacks()).thenReturn(4L);
        assertThat(registry.scrape()).as("read at scrape time").contains("ledger_event_store_failed_give_backs_total 4.0");
    }
}
