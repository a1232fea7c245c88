package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.bson.BsonDocument;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;

/**
 * The commits of one aggregate, found by the unique {@code aggregateKey} ({@code id@firstSequence}):
 * one {@code $in} query per window of versions, following the chain until it breaks.
 */
final class AggregateStreams {

    private final MongoCollection<BsonDocument> events;
    private final int window;

    AggregateStreams(CommitStore store, int window) {
        this.events = store.events;
        this.window = window;
    }

    /** The commit documents holding events of one aggregate from {@code firstSequence} on, in sequence order. */
    Stream<BsonDocument> commits(String aggregateId, long firstSequence) {
        return Batches.lazily(new Batches.Source<>() {
            long nextSequence = firstSequence;
            boolean first = true;
            boolean done;

            @Override
            public List<BsonDocument> next() {
                if (done) {
                    return null;
                }
                List<BsonDocument> batch = new ArrayList<>();
                Map<Long, BsonDocument> byFirstSequence = find(aggregateId, nextSequence, window, false);
                long windowEnd = nextSequence + window;
                BsonDocument commit = byFirstSequence.get(nextSequence);
                if (commit == null && first && nextSequence > 0) {
                    commit = covering(aggregateId, nextSequence);
                }
                first = false;
                while (commit != null) {
                    batch.add(commit);
                    nextSequence = CommitFormat.sequenceRange(commit, aggregateId)[1] + 1;
                    commit = byFirstSequence.get(nextSequence);
                }
                done = nextSequence < windowEnd;
                return batch.isEmpty() && done ? null : batch;
            }
        });
    }

    Optional<Long> lastSequence(String aggregateId, long from) {
        long next = from;
        long windowEnd;
        do {
            Map<Long, BsonDocument> byFirst = find(aggregateId, next, window, true);
            windowEnd = next + window;
            for (BsonDocument c = byFirst.get(next); c != null; c = byFirst.get(next)) {
                next = CommitFormat.sequenceRange(c, aggregateId)[1] + 1;
            }
        } while (next >= windowEnd);
        return next == 0 ? Optional.empty() : Optional.of(next - 1);
    }

    private Map<Long, BsonDocument> find(String aggregateId, long fromSequence, int count, boolean rangesOnly) {
        List<String> keys = new ArrayList<>(count);
        for (long s = Math.max(0, fromSequence); s < fromSequence + count; s++) {
            keys.add(CommitFormat.aggregateKey(aggregateId, s));
        }
        var found = events.find(in(CommitFormat.AGGREGATE_KEY, keys));
        if (rangesOnly) {
            found = found.projection(Projections.include(CommitFormat.AGGREGATE_ID, CommitFormat.FIRST_SEQUENCE,
                    CommitFormat.LAST_SEQUENCE, CommitFormat.AGGREGATES));
        }
        Map<Long, BsonDocument> result = new HashMap<>();
        for (BsonDocument commit : found) {
            long[] range = CommitFormat.sequenceRange(commit, aggregateId);
            if (range != null) {
                result.put(range[0], commit);
            }
        }
        return result;
    }

    /** The commit that started before {@code sequence} and holds it (loading after a mid-commit snapshot). */
    private BsonDocument covering(String aggregateId, long sequence) {
        long from = Math.max(0, sequence - NewCommit.MAX_EVENTS + 1);
        return find(aggregateId, from, (int) (sequence - from), false).values().stream()
                .filter(c -> CommitFormat.sequenceRange(c, aggregateId)[1] >= sequence)
                .findFirst().orElse(null);
    }
}
