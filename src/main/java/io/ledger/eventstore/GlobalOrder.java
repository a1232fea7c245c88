package io.ledger.eventstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.axonframework.eventhandling.TrackedEventData;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Reading in global order: commits and voids after a position, up to the first position that is
 * reserved but not written yet; sealing such positions once they are overdue. See
 * {@code EVENT-STORE.md}, "Reading in global order".
 */
final class GlobalOrder {

    private static final Logger log = LoggerFactory.getLogger(GlobalOrder.class);

    private final CommitStore store;
    private final long sealTimeoutNanos;
    private final LongSupplier nanoClock;
    /** Reader-local: when each still-empty position was first seen empty. */
    private final Map<Long, Long> gapsFirstSeen = new ConcurrentHashMap<>();
    private final AtomicLong sealedPositions = new AtomicLong();
    /** Every position up to here is known to be held (by a commit or a void). */
    private final AtomicLong contiguous = new AtomicLong();
    /** A position up to which every position is known to be held without walking the history (or 0). */
    private final LongSupplier knownHeld;
    private volatile boolean seeded;
    /**
     * Positions that end a stored document (a commit's or a void's last), as the reads here found them:
     * a fact that never changes, so a reader resuming right after one needs no look-up of a document
     * that would start before and span its next position. Every new stream of a tracking reader resumes
     * from the last one it read, and while writers hold reserved positions that look-up (up to a whole
     * commit's width of documents) would otherwise run at every poll. The most recent few suffice.
     */
    private final AtomicLongArray recentEnds = new AtomicLongArray(64);
    private final AtomicInteger nextEnd = new AtomicInteger();

    GlobalOrder(CommitStore store, Duration sealTimeout, LongSupplier nanoClock, LongSupplier knownHeld) {
        this.store = store;
        this.sealTimeoutNanos = sealTimeout.toNanos();
        this.nanoClock = nanoClock;
        this.knownHeld = knownHeld;
    }

    /**
     * The documents, voids included, that hold the positions after {@code after}, in position order, up
     * to the first position that is reserved but not written (sealing it and the empty positions after
     * it once they are overdue). The first may start before {@code after + 1} when {@code after} is
     * inside a commit.
     */
    List<BsonDocument> read(long after, int max) {
        return read(after, max, true);
    }

    /**
     * The events after position {@code after} as a tracking reader receives them, read {@code batchSize}
     * positions at a time as the stream is consumed.
     */
    Stream<TrackedEventData<?>> trackedEvents(long after, int batchSize) {
        return Batches.lazily(new Batches.Source<TrackedEventData<?>>() {
            long last = after;

            @Override
            public List<TrackedEventData<?>> next() {
                List<BsonDocument> commits = read(last, batchSize);
                if (commits.isEmpty()) {
                    return null;
                }
                long from = last + 1;
                // voids move the reader on too: a batch of nothing but voids is empty, not the end
                last = CommitFormat.last(commits.get(commits.size() - 1));
                return commits.stream()
                        .flatMap(c -> CommitFormat.events(c, from, null, Long.MIN_VALUE).stream())
                        .<TrackedEventData<?>>map(StoredEvent::forTracking)
                        .toList();
            }
        });
    }

    private List<BsonDocument> read(long after, int max, boolean seal) {
        long high = store.highWaterMark();
        if (after >= high) {
            return List.of();
        }
        long upper = Math.min(after + max, high);
        Map<Long, BsonDocument> commits = store.startingIn(after + 1, upper);
        List<BsonDocument> result = new ArrayList<>();
        long next = after + 1;
        BsonDocument commit = commits.containsKey(next) ? commits.get(next)
                : endsADocument(after) ? null : store.covering(next);
        while (next <= upper) {
            if (commit == null) {
                List<BsonDocument> sealed = seal ? resolveGap(next, upper, commits) : List.of();
                if (sealed.isEmpty()) {
                    break;
                }
                result.addAll(sealed);
                next = CommitFormat.last(sealed.get(sealed.size() - 1)) + 1;
                commit = commits.get(next);
                continue;
            }
            forgetGaps(next, CommitFormat.last(commit));
            result.add(commit);
            next = CommitFormat.last(commit) + 1;
            commit = commits.get(next);
        }
        if (!result.isEmpty()) {
            store.seen(next - 1);
            recentEnds.set(Math.floorMod(nextEnd.getAndIncrement(), recentEnds.length()), next - 1);
        }
        if (!result.isEmpty() && after <= contiguous.get()) {
            contiguous.accumulateAndGet(next - 1, Math::max);
        }
        return result;
    }

    private boolean endsADocument(long position) {
        for (int i = 0; i < recentEnds.length(); i++) {
            if (position > 0 && recentEnds.get(i) == position) {
                return true;
            }
        }
        return false;
    }

    private void forgetGaps(long from, long to) {
        if (!gapsFirstSeen.isEmpty()) {
            for (long p = from; p <= to; p++) {
                gapsFirstSeen.remove(p);
            }
        }
    }

    /**
     * A run of reserved but empty positions from {@code position}: wait for it, or once it has been
     * empty longer than the seal timeout, fill every overdue position of the run at once, in order, one
     * void per position, so that a writer arriving later collides on its first position and fails.
     */
    private List<BsonDocument> resolveGap(long position, long upper, Map<Long, BsonDocument> commits) {
        long now = nanoClock.getAsLong();
        long end = position;
        while (end < upper && !commits.containsKey(end + 1)) {
            end++;
        }
        for (long p = position; p <= end; p++) {
            gapsFirstSeen.putIfAbsent(p, now);
        }
        List<BsonDocument> seals = new ArrayList<>();
        for (long p = position; p <= end; p++) {
            long firstSeen = gapsFirstSeen.get(p);
            if (now - firstSeen < sealTimeoutNanos) {
                break;
            }
            seals.add(CommitFormat.voidDocument(p, "sealed by a reader: reserved but still empty after "
                    + Duration.ofNanos(now - firstSeen)));
        }
        if (seals.isEmpty()) {
            return List.of();
        }
        int written = seals.size();
        try {
            store.events.insertMany(seals, new InsertManyOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty()) {
                // e.g. a replica set's wtimeout: the voids may be on the primary and still be rolled back
                // by a failover, so none of them is sealed until the store confirms it
                throw new EventStoreFailure("The store did not confirm the seal of global positions " + position
                        + ".." + (position + seals.size() - 1) + " (" + e.getWriteConcernError()
                        + "); readers will read them again", e);
            }
            var error = e.getWriteErrors().get(0);
            if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            written = error.getIndex(); // the writer (or another reader) got there first; it is read next time
        }
        List<BsonDocument> sealed = seals.subList(0, written);
        if (!sealed.isEmpty()) {
            sealedPositions.addAndGet(sealed.size());
            forgetGaps(position, position + sealed.size() - 1);
            log.warn("Sealed global positions {}..{}: reserved by a writer that did not write them within {}",
                    position, position + sealed.size() - 1, Duration.ofNanos(sealTimeoutNanos));
        }
        return sealed;
    }

    /**
     * The end of the readable prefix: every position up to it is held, the next one is not (yet).
     * A processor that starts here skips nothing that is still in flight. The first call in a process
     * starts its walk from what is known held (the hash chain's head), not from position 1.
     */
    long readableHead() {
        if (!seeded) {
            contiguous.accumulateAndGet(knownHeld.getAsLong(), Math::max);
            seeded = true;
        }
        long position = contiguous.get();
        while (true) {
            List<BsonDocument> commits = read(position, 256, false);
            if (commits.isEmpty()) {
                contiguous.accumulateAndGet(position, Math::max);
                return position;
            }
            position = CommitFormat.last(commits.get(commits.size() - 1));
        }
    }

    /** The last position held by an event (not a void) at or below the high-water mark; 0 if none. */
    long lastEventPosition() {
        for (long to = store.highWaterMark(); to >= 1; to -= 256) {
            BsonDocument highest = null;
            for (BsonDocument commit : store.startingIn(Math.max(1, to - 255), to).values()) {
                if (!CommitFormat.isVoid(commit)
                        && (highest == null || CommitFormat.first(commit) > CommitFormat.first(highest))) {
                    highest = commit;
                }
            }
            if (highest != null) {
                return CommitFormat.last(highest);
            }
        }
        return 0;
    }

    long sealedPositions() {
        return sealedPositions.get();
    }

    int pendingGaps() {
        return gapsFirstSeen.size();
    }

    /** How long the oldest still-empty position has been waited on by this process's readers. */
    Duration oldestGap() {
        long now = nanoClock.getAsLong();
        return gapsFirstSeen.values().stream().min(Long::compare).map(t -> Duration.ofNanos(now - t))
                .orElse(Duration.ZERO);
    }
}
