package io.ledger.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The figures of the store that need a query (is storage up, the head position, how far each
 * projection is behind it), taken by {@link #refresh()} on the sampling thread and only read by
 * the scrape, so that a scrape never waits on storage.
 */
final class StoreFigures implements BackgroundFigures {

    /** Samples of the head kept to date the oldest unprocessed event of a lagging projection. */
    private static final Duration HISTORY = Duration.ofHours(6);

    /** Pings the store: empty when it answered, else why it did not. */
    private final Supplier<Optional<StorageProblem>> ping;
    private final LongSupplier head;
    private final ToLongFunction<String> projectionPosition;
    private final Iterable<String> projections;
    private final Clock clock;
    private final Duration pingPatience;
    private final LongSupplier nanoClock;
    /** When the ping in flight started ({@link System#nanoTime()}), or {@code null} when none is. */
    private volatile Long pingStartedAt;
    private final Deque<HeadSample> heads = new ArrayDeque<>();
    private final Map<String, Lag> lags = new ConcurrentHashMap<>();
    private volatile double storageUp = Double.NaN;
    private volatile StorageProblem problem;
    private volatile double headPosition = Double.NaN;

    private record HeadSample(Instant at, long head) {
    }

    private record Lag(long positions, Instant oldestUnprocessedSince) {
    }

    StoreFigures(Supplier<Optional<StorageProblem>> ping, LongSupplier head, ToLongFunction<String> projectionPosition,
            Iterable<String> projections, Clock clock, Duration pingPatience, LongSupplier nanoClock) {
        this.pingPatience = pingPatience;
        this.nanoClock = nanoClock;
        this.ping = ping;
        this.head = head;
        this.projectionPosition = projectionPosition;
        this.projections = projections;
        this.clock = clock;
    }

    void register(MeterRegistry registry) {
        Gauge.builder("ledger.storage.up", this, StoreFigures::storageUp)
                .description("1 when the ledger's MongoDB answered the last background ping, 0 when it did not "
                        + "or a ping has waited too long")
                .register(registry);
        for (StorageProblem reason : StorageProblem.ALL) {
            Gauge.builder("ledger.storage.down", this, f -> f.down(reason))
                    .description("1 for the reason the last background ping of MongoDB failed (or is failing), "
                            + "0 for the others; all 0 while it answers")
                    .tag("reason", reason.label()).register(registry);
        }
        Gauge.builder("ledger.event.store.head.position", this, f -> f.headPosition)
                .description("Highest global position reserved by any writer, as last sampled")
                .register(registry);
        for (String projection : projections) {
            Gauge.builder("ledger.projection.lag.positions", this, f -> f.lagPositions(projection))
                    .description("Global positions the projection is behind the store's head")
                    .tag("projection", projection).register(registry);
            Gauge.builder("ledger.projection.lag.seconds", this, f -> f.lagSeconds(projection))
                    .description("Seconds since the oldest event the projection has not handled was stored "
                            + "(to the sampling interval; 0 when caught up)")
                    .tag("projection", projection).register(registry);
        }
    }

    @Override
    public void refresh() {
        pingStartedAt = nanoClock.getAsLong();
        Optional<StorageProblem> failed;
        try {
            failed = ping.get();
        } finally {
            pingStartedAt = null;
        }
        problem = failed.orElse(null);
        storageUp = failed.isEmpty() ? 1 : 0;
        if (failed.isPresent()) {
            return;
        }
        Instant now = clock.instant();
        long current = head.getAsLong();
        headPosition = current;
        if (heads.isEmpty() || heads.peekLast().head() != current) {
            heads.addLast(new HeadSample(now, current));
        }
        while (heads.size() > 1 && heads.peekFirst().at().isBefore(now.minus(HISTORY))) {
            heads.removeFirst();
        }
        for (String projection : projections) {
            long position = projectionPosition.applyAsLong(projection);
            long behind = Math.max(0, current - position);
            lags.put(projection, new Lag(behind, behind == 0 ? null : firstSeenAbove(position)));
        }
    }

    /** When the sampled head first passed {@code position}: no later than the event after it was stored. */
    private Instant firstSeenAbove(long position) {
        for (HeadSample sample : heads) {
            if (sample.head() > position) {
                return sample.at();
            }
        }
        return heads.peekLast().at();
    }

    /** A ping that hangs (the driver waits up to its server-selection timeout) already counts as down. */
    private double storageUp() {
        return hanging() ? 0 : storageUp;
    }

    private double down(StorageProblem reason) {
        if (Double.isNaN(storageUp) && !hanging()) {
            return Double.NaN;
        }
        // while the next ping hangs, the reason the last one failed stays the better explanation
        StorageProblem current = problem != null ? problem : hanging() ? StorageProblem.NOT_ANSWERING : null;
        return current == reason ? 1 : 0;
    }

    private boolean hanging() {
        Long started = pingStartedAt;
        return started != null && nanoClock.getAsLong() - started > pingPatience.toNanos();
    }

    private double lagPositions(String projection) {
        Lag lag = lags.get(projection);
        return lag == null ? Double.NaN : lag.positions();
    }

    private double lagSeconds(String projection) {
        Lag lag = lags.get(projection);
        if (lag == null) {
            return Double.NaN;
        }
        return lag.oldestUnprocessedSince() == null ? 0
                : Duration.between(lag.oldestUnprocessedSince(), clock.instant()).toMillis() / 1000.0;
    }
}
