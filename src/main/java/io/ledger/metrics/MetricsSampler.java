package io.ledger.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes every figure that needs storage in the background at a fixed delay, so that a scrape only
 * reads what was taken last and answers at once, storage up or down. Each group of figures has a
 * thread of its own: a query that waits on lost storage (up to the driver's server-selection
 * timeout) or a long chain verification holds back only its own figures, never the storage ping.
 */
final class MetricsSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MetricsSampler.class);

    private final List<BackgroundFigures> figures;
    private final Duration interval;
    private final List<ScheduledExecutorService> executors = new ArrayList<>();

    MetricsSampler(List<BackgroundFigures> figures, Duration interval) {
        this.figures = figures;
        this.interval = interval;
    }

    /** A figure that fails keeps its last values and is taken again at the next interval. */
    private static void refresh(BackgroundFigures figure) {
        try {
            figure.refresh();
        } catch (RuntimeException e) {
            log.warn("Metrics not refreshed by {}: {}", figure.getClass().getSimpleName(), e.toString());
        }
    }

    @Override
    public synchronized void start() {
        for (BackgroundFigures figure : figures) {
            String name = figure.getClass().getName();
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "metrics-sampler-" + name.substring(name.lastIndexOf('.') + 1));
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(() -> refresh(figure), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            executors.add(executor);
        }
    }

    @Override
    public synchronized void stop() {
        executors.forEach(ScheduledExecutorService::shutdownNow);
        executors.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !executors.isEmpty();
    }
}
