package io.ledger.eventstore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Writes a commit: reserve positions, make sure nothing holds them yet, insert one document, and
 * turn every outcome into a truthful answer. See {@code EVENT-STORE.md}, "Writing".
 */
final class CommitWriter {

    private static final Logger log = LoggerFactory.getLogger(CommitWriter.class);
    private static final int MAX_RESERVATIONS = 5;
    private static final int REMEMBERED_COMMANDS = 4096;

    /** Thrown for a commit refused on an aggregate key: Axon turns it into a concurrency failure. */
    static final class KeyConflict extends RuntimeException {
        final MongoWriteException cause;

        KeyConflict(MongoWriteException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private final CommitStore store;
    private final LongConsumer afterReservation;
    private final LongConsumer afterInsert;
    private final AtomicLong refusedCommits = new AtomicLong();
    private final AtomicLong failedGiveBacks = new AtomicLong();
    private final AtomicLong voidsWritten = new AtomicLong();
    private final AtomicLong counterRepairs = new AtomicLong();
    /** Correlation id (the command's message id) → last position its unit of work wrote. */
    private final Map<String, Long> positionsByCommand = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > REMEMBERED_COMMANDS;
                }
            });

    /** @param repairAtStart whether to move the counter past the stored history now (not when read-only) */
    CommitWriter(CommitStore store, LongConsumer afterReservation, LongConsumer afterInsert, boolean repairAtStart) {
        this.store = store;
        this.afterReservation = afterReservation;
        this.afterInsert = afterInsert;
        if (repairAtStart) {
            repairCounter();
        }
    }

    /** Stores the commit and returns its last position, or throws saying what is known of its outcome. */
    long append(NewCommit commit, String correlationId) {
        long last = reserveFree(commit.size);
        long first = last - commit.size + 1;
        afterReservation.accept(first);
        try {
            store.events.insertOne(commit.toDocument(first, last));
            afterInsert.accept(first);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                giveBack(first, last, "refused by the server: " + e.getError().getCode());
                throw new EventStoreFailure("The server refused the commit of " + commit.describe(), e);
            }
            onDuplicate(first, last, commit, e);
        } catch (MongoException e) {
            resolveUnknownOutcome(first, last, commit, e);
        }
        store.seen(last);
        if (correlationId != null) {
            positionsByCommand.put(correlationId, last);
        }
        return last;
    }

    /** The last position written by the command with this message id, if this process wrote it. */
    Long positionOf(String commandId) {
        return positionsByCommand.remove(commandId);
    }

    /**
     * Reserves positions that no document holds yet. If one does, the counter is behind what was
     * written (a restored dump, a reset counter): it is moved past the highest written position and
     * the reservation is made again, so a commit is not acknowledged inside another's range.
     *
     * <p>The check costs as few look-ups as it can: a reservation at or below a position this process
     * has already seen held is behind for certain; otherwise a document holding a reserved position
     * can only start after the end of the last document seen (one starting earlier would overlap
     * that one), so only the ids from there to the reservation's end are looked up: the reservation's
     * own ids and those of the commits other writers have in flight. See the design note.
     */
    private long reserveFree(int count) {
        for (int attempt = 0; attempt < MAX_RESERVATIONS; attempt++) {
            // only what was seen before reserving proves the counter went back: other writers of this
            // process may reserve after us and finish first
            long seenBefore = store.highestSeen();
            long last = store.reserve(count);
            long first = last - count + 1;
            boolean behind = first <= seenBefore;
            Map<Long, BsonDocument> holding = behind ? store.holding(first, last)
                    : store.holdingAbove(seenBefore, first, last);
            if (!behind && holding.isEmpty()) {
                return last;
            }
            log.error("Positions {}..{} were reserved but are already written: the position counter is behind "
                    + "the stored history; moving it past the highest written position", first, last);
            giveBackFree(first, last, holding);
            repairCounter();
        }
        throw new EventStoreFailure("Could not reserve free global positions after " + MAX_RESERVATIONS
                + " attempts: the position counter keeps falling behind the stored history");
    }

    /** Moves the counter past every written position (at start, and whenever it was found behind). */
    void repairCounter() {
        long counter = store.highWaterMark();
        long highest = Math.max(counter, store.highestSeen());
        while (true) {
            Map<Long, BsonDocument> beyond = store.holding(highest + 1, highest + 256);
            if (beyond.isEmpty()) {
                break;
            }
            highest = beyond.values().stream().mapToLong(CommitFormat::last).max().orElseThrow();
        }
        if (highest > counter) {
            counterRepairs.incrementAndGet();
            log.error("The position counter ({}) was below the highest written position ({}); raised it", counter,
                    highest);
            store.raiseCounterTo(highest);
        }
    }

    private void giveBackFree(long first, long last, Map<Long, BsonDocument> holding) {
        List<Long> free = new ArrayList<>();
        for (long p = first; p <= last; p++) {
            long position = p;
            if (holding.values().stream().noneMatch(c -> CommitFormat.first(c) <= position
                    && CommitFormat.last(c) >= position)) {
                free.add(p);
            }
        }
        fillVoids(free, "reserved behind the stored history and given back");
    }

    /**
     * Which unique index refused the insert, as the server names it ("E11000 duplicate key error
     * collection: … index: _id_ dup key: …", the same on a replica set and the embedded server).
     */
    private enum Collision {
        POSITION, AGGREGATE_KEY, UNNAMED;

        private static final Pattern INDEX = Pattern.compile("index: (\\S+) dup key");

        static Collision of(MongoWriteException e) {
            Matcher index = INDEX.matcher(String.valueOf(e.getError().getMessage()));
            if (!index.find()) {
                return UNNAMED;
            }
            return switch (index.group(1)) {
                case CommitStore.POSITION_INDEX -> POSITION;
                case CommitStore.AGGREGATE_KEY_INDEX -> AGGREGATE_KEY;
                default -> UNNAMED;
            };
        }
    }

    /**
     * The insert collided. Only a document seen holding what collided says whose it is: ours (a driver
     * retry of an insert that had landed), a void (the position was sealed) or another commit (a
     * concurrent modification). If the read-back cannot see it (majority reads lag after a failover),
     * it may be our own commit, so nothing is given back (voids at {@code first+1..last} would lie
     * inside it) and the outcome is unknown.
     */
    private void onDuplicate(long first, long last, NewCommit commit, MongoWriteException e) {
        Collision collision = Collision.of(e);
        try {
            if (collision != Collision.AGGREGATE_KEY) {
                BsonDocument atPosition = store.atOnThePrimary(first);
                if (isOurs(atPosition, commit)) {
                    return;
                }
                if (atPosition != null) {
                    refusedCommits.incrementAndGet();
                    giveBack(first + 1, last, "the rest of a reservation whose first position was sealed");
                    throw new PositionSealedException(first, commit.describe());
                }
            }
            if (collision != Collision.POSITION) {
                List<BsonDocument> holders = store.holdingAnyKey(commit.aggregateKeys());
                if (holders.stream().anyMatch(h -> isOurs(h, commit))) {
                    return;
                }
                if (!holders.isEmpty()) {
                    // another document holds one of our keys, so ours (which holds them all) is not stored
                    refusedCommits.incrementAndGet();
                    giveBack(first, last, "concurrent modification of " + commit.describe());
                    throw new KeyConflict(e);
                }
            }
        } catch (MongoException unreadable) {
            e.addSuppressed(unreadable);
        }
        log.error("The commit of {} at {}..{} collided on {} with a document that cannot be read back",
                commit.describe(), first, last, collision);
        throw new CommitOutcomeUnknownException(first, commit.describe(), e);
    }

    private static boolean isOurs(BsonDocument document, NewCommit commit) {
        return document != null && commit.commitId.equals(CommitFormat.text(document, CommitFormat.COMMIT_ID));
    }

    /**
     * The reply to the insert was lost. Only two answers are certain: our commit is there, or another
     * document holds its first position (so it can never be). Anything else is said to be unknown.
     */
    private void resolveUnknownOutcome(long first, long last, NewCommit commit, MongoException cause) {
        try {
            BsonDocument atPosition = store.at(first);
            if (atPosition == null) {
                try {
                    store.events.insertOne(CommitFormat.voidDocument(first, "commit outcome unknown to its writer"));
                    voidsWritten.incrementAndGet();
                    giveBack(first + 1, last, "the rest of a commit whose outcome was unknown");
                    throw new EventStoreFailure("The commit of " + commit.describe() + " was not stored", cause);
                } catch (MongoWriteException duplicate) {
                    atPosition = store.at(first);
                }
            }
            if (atPosition == null) {
                throw new CommitOutcomeUnknownException(first, commit.describe(), cause);
            }
            if (isOurs(atPosition, commit)) {
                return;
            }
            giveBack(first + 1, last, "the rest of a commit whose first position was taken");
            throw new EventStoreFailure("The commit of " + commit.describe() + " was not stored", cause);
        } catch (MongoException again) {
            cause.addSuppressed(again);
            throw new CommitOutcomeUnknownException(first, commit.describe(), cause);
        }
    }

    /** Fills positions this writer reserved but will not use, so that readers need not wait for them. */
    private void giveBack(long first, long last, String reason) {
        List<Long> positions = new ArrayList<>();
        for (long p = first; p <= last; p++) {
            positions.add(p);
        }
        fillVoids(positions, reason);
    }

    private void fillVoids(List<Long> positions, String reason) {
        if (positions.isEmpty()) {
            return;
        }
        List<BsonDocument> voids = positions.stream().map(p -> CommitFormat.voidDocument(p, reason)).toList();
        try {
            // unordered: a position a reader sealed meanwhile is already held, the others still need it
            store.events.insertMany(voids, new InsertManyOptions().ordered(false));
            voidsWritten.addAndGet(voids.size());
        } catch (MongoBulkWriteException e) {
            // a write-concern error (a replica set's wtimeout) leaves every void unconfirmed: it may be
            // rolled back by a failover, so it counts as not given back, whatever else the reply says
            boolean onlyAlreadyHeld = e.getWriteConcernError() == null && !e.getWriteErrors().isEmpty()
                    && e.getWriteErrors().stream().allMatch(w -> ErrorCategory.fromErrorCode(w.getCode())
                            == ErrorCategory.DUPLICATE_KEY);
            if (onlyAlreadyHeld) {
                voidsWritten.addAndGet(voids.size() - e.getWriteErrors().size());
            } else {
                failedGiveBacks.incrementAndGet();
                log.warn("The store did not confirm the give-back of positions {}..{} ({}); readers will seal "
                        + "what is missing", positions.get(0), positions.get(positions.size() - 1), reason, e);
            }
        } catch (MongoException e) {
            failedGiveBacks.incrementAndGet();
            log.warn("Could not give back positions {}..{} ({}); readers will seal them", positions.get(0),
                    positions.get(positions.size() - 1), reason, e);
        }
    }

    long refusedCommits() {
        return refusedCommits.get();
    }

    long failedGiveBacks() {
        return failedGiveBacks.get();
    }

    /** Void positions this writer wrote and the store confirmed (given back, or closing an unknown outcome). */
    long voidsWritten() {
        return voidsWritten.get();
    }

    long counterRepairs() {
        return counterRepairs.get();
    }
}
