package io.ledger.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes every figure that needs storage on one background thread at a fixed delay, so that a
 * scrape only reads what was taken last and answers at once, storage up or down.
 */
final class MetricsSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MetricsSampler.class);

    private final List<BackgroundFigures> figures;
    private final Duration interval;
    private ScheduledExecutorService executor;

    MetricsSampler(List<BackgroundFigures> figures, Duration interval) {
        this.figures = figures;
        this.interval = interval;
    }

    /** One round over every figure; a figure that fails keeps its last values and does not stop the others. */
    void sample() {
        for (BackgroundFigures figure : figures) {
            try {
                figure.refresh();
            } catch (RuntimeException e) {
                log.warn("Metrics not refreshed by {}: {}", figure.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "metrics-sampler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
