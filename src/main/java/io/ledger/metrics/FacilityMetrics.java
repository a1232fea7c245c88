package io.ledger.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.facilities.FacilityQueries;
import io.ledger.facilities.api.FacilityViews.ActivityTotals;
import io.ledger.facilities.api.FacilityViews.CategoryCoverage;
import io.ledger.facilities.api.FacilityViews.Coverage;
import io.ledger.projections.support.ProjectionProgress;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Coverage and payment activity for Prometheus, read from the read models on the sampling
 * thread, and only when they changed or the date may have.
 */
@Configuration(proxyBeanMethods = false)
public class FacilityMetrics {

    @Bean
    Snapshot facilitySnapshot(FacilityQueries queries, Clock clock, ProjectionProgress progress) {
        return new Snapshot(queries, clock, () -> progress.handledPosition(FacilityCollections.PROCESSING_GROUP));
    }

    @Bean
    MeterBinder facilityMeters(Snapshot snapshot) {
        return registry -> {
            for (Category category : Category.values()) {
                String label = category.name().toLowerCase(Locale.ROOT);
                Gauge.builder("ledger.facility.venues", snapshot, s -> s.coverage(category, CategoryCoverage::venues))
                        .description("Venues open today, by category").tag("category", label).register(registry);
                Gauge.builder("ledger.facility.coverage.ratio", snapshot,
                                s -> s.ratio(category, CategoryCoverage::withForeignCardPos))
                        .description("Share of open venues with a working facility of the kind, by category")
                        .tags("category", label, "facility", "foreign_card_pos").register(registry);
                Gauge.builder("ledger.facility.coverage.ratio", snapshot,
                                s -> s.ratio(category, CategoryCoverage::withCurrencyExchange))
                        .description("Share of open venues with a working facility of the kind, by category")
                        .tags("category", label, "facility", "currency_exchange").register(registry);
            }
            for (Channel channel : Channel.values()) {
                String label = channel.name().toLowerCase(Locale.ROOT);
                FunctionCounter.builder("ledger.payment.activity.transactions", snapshot,
                                s -> s.transactions(channel))
                        .description("Recorded foreign-visitor payment transactions, by channel")
                        .tag("channel", label).register(registry);
                FunctionCounter.builder("ledger.payment.activity.amount.cny", snapshot,
                                s -> s.amountCny(channel))
                        .description("Recorded foreign-visitor payment amounts in CNY, by channel")
                        .tag("channel", label).register(registry);
            }
            FunctionCounter.builder("ledger.payment.activity.visitors.served", snapshot,
                            Snapshot::visitorsServed)
                    .description("Foreign visitors served, as recorded with payment activity").register(registry);
        };
    }

    /**
     * The figures as last taken on the sampling thread: again when the read model moved on, or a
     * while later for the date.
     */
    static final class Snapshot implements BackgroundFigures {
        private static final Duration FRESH = Duration.ofSeconds(15);
        private final FacilityQueries queries;
        private final Clock clock;
        private final LongSupplier readModelPosition;
        private Instant takenAt = Instant.MIN;
        private long takenAtPosition = -1;
        private volatile Coverage coverage;
        private volatile ActivityTotals activity;

        Snapshot(FacilityQueries queries, Clock clock, LongSupplier readModelPosition) {
            this.queries = queries;
            this.clock = clock;
            this.readModelPosition = readModelPosition;
        }

        @Override
        public void refresh() {
            Instant now = clock.instant();
            long position = readModelPosition.getAsLong();
            if (position != takenAtPosition || takenAt.plus(FRESH).isBefore(now)) {
                coverage = queries.coverage(LocalDate.now(clock));
                activity = queries.activity(null, null, null);
                takenAt = now;
                takenAtPosition = position;
            }
        }

        double coverage(Category category, Function<CategoryCoverage, Integer> figure) {
            Coverage taken = coverage;
            return taken == null ? Double.NaN : figure.apply(taken.categories().get(category.ordinal()));
        }

        double ratio(Category category, Function<CategoryCoverage, Integer> covered) {
            Coverage taken = coverage;
            if (taken == null) {
                return Double.NaN;
            }
            CategoryCoverage c = taken.categories().get(category.ordinal());
            return c.venues() == 0 ? Double.NaN : (double) covered.apply(c) / c.venues();
        }

        double transactions(Channel channel) {
            ActivityTotals taken = activity;
            return taken == null ? 0 : taken.channels().get(channel.ordinal()).transactions();
        }

        double amountCny(Channel channel) {
            ActivityTotals taken = activity;
            return taken == null ? 0 : taken.channels().get(channel.ordinal()).amount().fen() / 100.0;
        }

        double visitorsServed() {
            ActivityTotals taken = activity;
            return taken == null ? 0 : taken.visitorsServed();
        }
    }
}
