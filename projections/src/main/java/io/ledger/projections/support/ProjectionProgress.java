package io.ledger.projections.support;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * How far each projection has got in the global event order, so that a client's next read can
 * wait until its own write is visible (read-your-writes), on whichever node the projection runs.
 * <p>
 * When this node's processor holds every segment of the group, the events it handles say it at
 * once (a local signal). When it holds fewer (another node has claimed them, or its processors do
 * not run), the tokens that the token store shares between nodes say it: they are read every
 * {@code ledger.read-your-writes-poll-interval}, one reading shared by every waiting request.
 */
@Component
public class ProjectionProgress {

    private static final long WHOLE = 1L << 32;
    private static final long LOCAL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Map<String, Long> handled = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final AtomicLong signals = new AtomicLong();
    private final EventProcessingConfiguration processing;
    private final StoredTokens stored;
    private final long pollNanos;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    /** One reading of the shared tokens of a group, taken at {@code at} (nanoTime). */
    private record Reading(long position, long at) {
    }

    /** Watches only this node's processors (no token store to share with another node). */
    public ProjectionProgress(EventProcessingConfiguration processing) {
        this(processing, null, Duration.ofMillis(20));
    }

    @Autowired
    public ProjectionProgress(@Lazy EventProcessingConfiguration processing, StoredTokens stored,
            @Value("${ledger.read-your-writes-poll-interval:20ms}") Duration pollInterval) {
        this.processing = processing;
        this.stored = stored;
        this.pollNanos = pollInterval.toNanos();
    }

    /**
     * Called by a projection after it has stored the effect of the event at {@code token}. Within a
     * processor's batch the event counts once the batch is committed, its token stored: the store
     * may keep read-model writes in memory until a later write is flushed, and that token's is.
     */
    public void handled(String processingGroup, TrackingToken token) {
        if (token == null || token.position().isEmpty()) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> advance(processingGroup, token));
        } else {
            advance(processingGroup, token);
        }
    }

    private void advance(String processingGroup, TrackingToken token) {
        handled.merge(processingGroup, token.position().getAsLong(), Math::max);
        lock.lock();
        try {
            signals.incrementAndGet();
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the group has handled every event up to {@code position}, on this node or any other
     * sharing the token store; false if the wait timed out.
     */
    public boolean awaitPosition(String processingGroup, long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = signals.get();
            List<EventTrackerStatus> local = localStatus(processingGroup);
            boolean localOnly = stored == null || ownsEverySegment(local);
            if (localOnly ? localPosition(processingGroup, local) >= position
                    : storedPosition(processingGroup) >= position) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // re-check now and then even when owning everything: after a restart the token moves without events
            if (!pause(seen, Math.min(left, localOnly ? LOCAL_RECHECK_NANOS : pollNanos))) {
                return false;
            }
        }
    }

    /** Parks until this node handles an event or {@code nanos} pass; false if interrupted. */
    private boolean pause(long seen, long nanos) {
        lock.lock();
        try {
            if (signals.get() == seen) {
                advanced.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The shared tokens' position, read again when the last reading is older than the poll interval. */
    private long storedPosition(String processingGroup) {
        Reading last = readings.get(processingGroup);
        if (last != null && System.nanoTime() - last.at() < pollNanos) {
            return last.position();
        }
        synchronized (readings) {
            last = readings.get(processingGroup);
            if (last != null && System.nanoTime() - last.at() < pollNanos) {
                return last.position();
            }
            Reading fresh = new Reading(stored.handledThroughout(processingGroup), System.nanoTime());
            readings.put(processingGroup, fresh);
            return fresh.position();
        }
    }

    /** The last position this process has seen the group handle (0 before the first event). */
    public long handledPosition(String processingGroup) {
        return handled.getOrDefault(processingGroup, 0L);
    }

    /**
     * How far the group has got, by the same reading read-your-writes waits on: this node's own
     * processor when it holds every segment, otherwise the tokens every node's processors store (a
     * node that holds no segment would otherwise report the whole history as lag).
     */
    public long position(String processingGroup) {
        List<EventTrackerStatus> local = localStatus(processingGroup);
        return stored == null || ownsEverySegment(local) ? localPosition(processingGroup, local)
                : storedPosition(processingGroup);
    }

    private long localPosition(String processingGroup, List<EventTrackerStatus> local) {
        long byToken = local.stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0L)).min().orElse(0L);
        boolean oneSegment = local.size() == 1 && local.get(0).getSegment().getMask() == 0;
        // with several segments the highest event handled says nothing about the others
        return oneSegment || local.isEmpty() ? Math.max(handledPosition(processingGroup), byToken) : byToken;
    }

    private List<EventTrackerStatus> localStatus(String processingGroup) {
        if (processing == null) {
            return List.of();
        }
        return processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .map(p -> p.processingStatus().values().stream().filter(s -> !s.isErrorState()).toList())
                .orElse(List.of());
    }

    /** Whether the statuses' segments, healthy ones only, together cover every event. */
    static boolean ownsEverySegment(Collection<EventTrackerStatus> local) {
        long covered = 0;
        for (EventTrackerStatus status : local) {
            covered += WHOLE / (status.getSegment().getMask() + 1L);
        }
        return covered == WHOLE;
    }
}
