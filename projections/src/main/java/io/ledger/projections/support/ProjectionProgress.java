package io.ledger.projections.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * How far each projection has got in the global event order, so that a client's next read can
 * wait until its own write is visible (read-your-writes).
 */
@Component
public class ProjectionProgress {

    private final Map<String, Long> handled = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final EventProcessingConfiguration processing;

    public ProjectionProgress(@Lazy EventProcessingConfiguration processing) {
        this.processing = processing;
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
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the group has handled every event up to {@code position}; false if the wait timed out. */
    public boolean awaitPosition(String processingGroup, long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (position(processingGroup) < position) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // re-check now and then: after a restart the processor's token moves without events
                advanced.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The last position this process has seen the group handle (0 before the first event). */
    public long handledPosition(String processingGroup) {
        return handled.getOrDefault(processingGroup, 0L);
    }

    /** How far the group has got: by the events this process handled, or by its stored token after a restart. */
    public long position(String processingGroup) {
        long byEvents = handled.getOrDefault(processingGroup, 0L);
        long byToken = processing.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .map(p -> p.processingStatus().values().stream()
                        .filter(s -> !s.isErrorState())
                        .map(EventTrackerStatus::getCurrentPosition)
                        .mapToLong(p2 -> p2.orElse(0L))
                        .min().orElse(0L))
                .orElse(0L);
        return Math.max(byEvents, byToken);
    }
}
