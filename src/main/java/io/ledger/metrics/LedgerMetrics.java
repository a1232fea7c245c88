package io.ledger.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.ChainVerifier;
import io.ledger.eventstore.CommitLog;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.projections.support.ProjectionProgress;
import io.ledger.storage.LedgerStorage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The ledger's own meters ({@code ledger_…}) and the naming of Axon's. What needs storage is taken
 * by the {@link MetricsSampler}; what the store keeps in memory is read at scrape time.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerMetrics {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> axonMeterNaming() {
        return registry -> registry.config().meterFilter(new AxonMeterNaming());
    }

    @Bean
    StoreFigures storeFigures(LedgerStorage storage, CommitLog store, ProjectionProgress progress,
            Clock clock, @Value("${ledger.metrics.ping-patience:3s}") Duration pingPatience) {
        return new StoreFigures(() -> {
            try {
                storage.ping();
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of(StorageProblem.of(e, storage.client().getClusterDescription()));
            }
        }, store::highWaterMark, progress::position,
                List.of(IncentiveCollections.PROCESSING_GROUP, FacilityCollections.PROCESSING_GROUP), clock,
                pingPatience, System::nanoTime);
    }

    @Bean
    ChainFigures chainFigures(LedgerStorage storage, ChainVerifier verifier, Clock clock,
            @Value("${ledger.metrics.chain-verification-interval:1h}") Duration verificationInterval) {
        return new ChainFigures(storage.database().getCollection(HashChain.LINKS), verifier::verify,
                verificationInterval, clock);
    }

    @Bean
    ProgramFigures programFigures(IncentiveCollections views, Clock clock) {
        return new ProgramFigures(views, clock);
    }

    @Bean
    MetricsSampler metricsSampler(StoreFigures store, ChainFigures chain, ProgramFigures programs,
            FacilityMetrics.Snapshot facilities, @Value("${ledger.metrics.sample-interval:5s}") Duration interval) {
        return new MetricsSampler(List.of(store, chain, programs, facilities), interval);
    }

    @Bean
    MeterBinder backgroundMeters(StoreFigures store, ChainFigures chain, ProgramFigures programs) {
        return registry -> {
            store.register(registry);
            chain.register(registry);
            programs.register(registry);
        };
    }

    @Bean
    MeterBinder eventStoreMeters(CommitLog store) {
        return registry -> {
            FunctionCounter.builder("ledger.event.store.sealed.positions", store, CommitLog::sealedPositions)
                    .description("Global positions sealed by this process's readers because their writer did not "
                            + "write them in time")
                    .register(registry);
            FunctionCounter.builder("ledger.event.store.refused.commits", store, CommitLog::refusedCommits)
                    .description("Commits refused for a concurrent modification or a sealed position")
                    .register(registry);
            FunctionCounter.builder("ledger.event.store.voids", store, CommitLog::voidsWritten)
                    .description("Void global positions this process wrote: given back by refused or sealed-out "
                            + "writers, sealed by readers")
                    .register(registry);
            FunctionCounter.builder("ledger.event.store.failed.give.backs", store, CommitLog::failedGiveBacks)
                    .description("Give-backs of reserved positions that failed or that the store did not confirm; "
                            + "readers seal the positions after the seal timeout")
                    .register(registry);
            Gauge.builder("ledger.event.store.pending.gaps", store, CommitLog::pendingGaps)
                    .description("Reserved global positions that readers are waiting to see written")
                    .register(registry);
            TimeGauge.builder("ledger.event.store.oldest.gap", store, TimeUnit.SECONDS,
                            s -> s.oldestPendingGap().toMillis() / 1000.0)
                    .description("How long this process's readers have waited on the oldest reserved, unwritten position")
                    .register(registry);
        };
    }
}
