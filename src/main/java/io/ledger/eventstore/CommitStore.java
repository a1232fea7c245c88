package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.BsonDocument;
import org.bson.BsonInt64;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * The two collections of the global order, {@code events} and {@code event_counters}, and the only
 * queries made on them: equality or {@code $in} on {@code _id} (and, after a refused insert, on
 * {@code aggregateKey}), which every MongoDB server answers from its unique index, so their cost does
 * not grow with history (the one exception, {@link #firstAbove(long)}, serves only the whole-history
 * position check).
 */
final class CommitStore {

    static final String EVENTS_COLLECTION = "events";
    static final String COUNTERS_COLLECTION = "event_counters";
    static final String POSITION_COUNTER = "globalPosition";
    static final String COUNTER_VALUE = "last";
    /** The unique index on {@code aggregateKey}, named as duplicate-key errors name it. */
    static final String AGGREGATE_KEY_INDEX = "aggregateKey";
    static final String POSITION_INDEX = "_id_";

    final MongoCollection<BsonDocument> events;
    /**
     * The events as the primary holds them now, for deciding what a refused insert collided with: a
     * document another node wrote a moment ago is there before a majority has it, and seeing it proves
     * that ours, refused on the same key, is not stored. (On the embedded server both are the same.)
     */
    private final MongoCollection<BsonDocument> eventsOnThePrimary;
    private final MongoCollection<BsonDocument> counters;
    /** The highest position this process has seen held, by its writers or its readers. */
    private final AtomicLong highestSeen = new AtomicLong();

    CommitStore(MongoDatabase database) {
        this.events = database.getCollection(EVENTS_COLLECTION, BsonDocument.class);
        this.eventsOnThePrimary = events.withReadPreference(ReadPreference.primary())
                .withReadConcern(ReadConcern.LOCAL);
        this.counters = database.getCollection(COUNTERS_COLLECTION, BsonDocument.class);
    }

    /** Reserves {@code count} positions; returns the last of them. */
    long reserve(int count) {
        BsonDocument counter = counters.findOneAndUpdate(eq(CommitFormat.ID, POSITION_COUNTER),
                Updates.inc(COUNTER_VALUE, (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return counter.getNumber(COUNTER_VALUE).longValue();
    }

    void seen(long position) {
        highestSeen.accumulateAndGet(position, Math::max);
    }

    long highestSeen() {
        return highestSeen.get();
    }

    /** Moves the counter up to {@code position} if it is below (never down). */
    void raiseCounterTo(long position) {
        counters.updateOne(eq(CommitFormat.ID, POSITION_COUNTER), Updates.max(COUNTER_VALUE, position),
                new UpdateOptions().upsert(true));
    }

    /** The highest position any writer has reserved. */
    long highWaterMark() {
        BsonDocument counter = counters.find(eq(CommitFormat.ID, POSITION_COUNTER)).first();
        return counter == null ? 0 : counter.getNumber(COUNTER_VALUE).longValue();
    }

    /** The documents whose first position lies in {@code from..to}, by first position. */
    Map<Long, BsonDocument> startingIn(long from, long to) {
        Map<Long, BsonDocument> result = new HashMap<>();
        if (to < from) {
            return result;
        }
        List<BsonInt64> ids = new ArrayList<>((int) (to - from + 1));
        for (long p = Math.max(1, from); p <= to; p++) {
            ids.add(new BsonInt64(p));
        }
        for (BsonDocument commit : events.find(in(CommitFormat.ID, ids))) {
            result.put(CommitFormat.first(commit), commit);
        }
        return result;
    }

    /** The documents that hold any position of {@code from..to}, including one that starts before it. */
    Map<Long, BsonDocument> holding(long from, long to) {
        Map<Long, BsonDocument> found = startingIn(from - NewCommit.MAX_EVENTS + 1, to);
        found.values().removeIf(c -> CommitFormat.last(c) < from);
        return found;
    }

    /**
     * The documents that hold any position of {@code from..to}, knowing that every document starting
     * at or below {@code seen} ends there at the latest.
     */
    Map<Long, BsonDocument> holdingAbove(long seen, long from, long to) {
        Map<Long, BsonDocument> found = startingIn(Math.max(seen + 1, from - NewCommit.MAX_EVENTS + 1), to);
        found.values().removeIf(c -> CommitFormat.last(c) < from);
        return found;
    }

    /**
     * The document with the lowest first position above {@code position}, if any. Unsorted on
     * purpose: a replica set answers from the {@code _id} index, the embedded server streams its
     * scan keeping only the matches (normally none) instead of sorting the whole history. Only the
     * whole-history position check asks.
     */
    BsonDocument firstAbove(long position) {
        BsonDocument lowest = null;
        for (BsonDocument document : events.find(gt(CommitFormat.ID, position))
                .projection(Projections.include(CommitFormat.ID, CommitFormat.LAST))) {
            if (lowest == null || CommitFormat.first(document) < CommitFormat.first(lowest)) {
                lowest = document;
            }
        }
        return lowest;
    }

    /** The documents holding any of these aggregate keys (a multi-aggregate commit holds several). */
    List<BsonDocument> holdingAnyKey(List<String> aggregateKeys) {
        return eventsOnThePrimary.find(in(CommitFormat.AGGREGATE_KEY, aggregateKeys)).into(new ArrayList<>());
    }

    /** The document at {@code position} as the primary holds it now (see {@link #eventsOnThePrimary}). */
    BsonDocument atOnThePrimary(long position) {
        return eventsOnThePrimary.find(eq(CommitFormat.ID, position)).first();
    }

    BsonDocument at(long position) {
        return events.find(eq(CommitFormat.ID, position)).first();
    }

    /** The document that started before {@code position} and still holds it (a reader resuming mid-commit). */
    BsonDocument covering(long position) {
        if (position <= 1) {
            return null;
        }
        return startingIn(position - NewCommit.MAX_EVENTS + 1, position - 1).values().stream()
                .filter(c -> CommitFormat.last(c) >= position)
                .findFirst().orElse(null);
    }
}
