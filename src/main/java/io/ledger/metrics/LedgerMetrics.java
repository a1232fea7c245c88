package io.ledger.metrics;

import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.storage.LedgerStorage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The ledger's own meters ({@code ledger_…}) and the naming of Axon's. */
@Configuration(proxyBeanMethods = false)
public class LedgerMetrics {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> axonMeterNaming() {
        return registry -> registry.config().meterFilter(new AxonMeterNaming());
    }

    @Bean
    MeterBinder eventStoreMeters(org.axonframework.eventsourcing.eventstore.EventStorageEngine engine) {
        return registry -> {
            if (!(engine instanceof LedgerEventStorageEngine store)) {
                return;
            }
            FunctionCounter.builder("ledger.event.store.sealed.positions", store,
                            LedgerEventStorageEngine::sealedPositions)
                    .description("Global positions sealed by this process's readers because their writer did not "
                            + "write them in time")
                    .register(registry);
            FunctionCounter.builder("ledger.event.store.refused.commits", store,
                            LedgerEventStorageEngine::refusedCommits)
                    .description("Commits refused for a concurrent modification or a sealed position")
                    .register(registry);
            Gauge.builder("ledger.event.store.pending.gaps", store, LedgerEventStorageEngine::pendingGaps)
                    .description("Reserved global positions that readers are waiting to see written")
                    .register(registry);
            Gauge.builder("ledger.event.store.high.water.mark", store, s -> s.highWaterMark())
                    .description("Highest global position reserved by any writer")
                    .register(registry);
        };
    }

    @Bean
    MeterBinder storageMeters(LedgerStorage storage) {
        return registry -> Gauge.builder("ledger.storage.up", storage, s -> {
                    try {
                        s.ping();
                        return 1;
                    } catch (RuntimeException e) {
                        return 0;
                    }
                })
                .description("1 when the ledger's MongoDB answers a ping, 0 when it does not")
                .register(registry);
    }
}
