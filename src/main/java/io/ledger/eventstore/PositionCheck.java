package io.ledger.eventstore;

import java.util.Map;

import org.bson.BsonDocument;

/**
 * The auditor's invariant of the global order, checked with nothing but {@code _id} look-ups: every
 * position from 1 to the head is held by exactly one document (a commit or a void), and nothing is
 * written beyond the position counter.
 *
 * @param holds          whether the invariant holds
 * @param head           the position counter ({@code event_counters.globalPosition.last})
 * @param documents      documents walked
 * @param firstBadPosition the first position that breaks it, or null
 * @param problem        what is wrong there
 */
public record PositionCheck(boolean holds, long head, long documents, Long firstBadPosition, String problem) {

    static PositionCheck run(CommitStore store) {
        long head = store.highWaterMark();
        long next = 1;
        long documents = 0;
        while (next <= head) {
            long to = Math.min(head, next + 255);
            Map<Long, BsonDocument> starting = store.startingIn(next, to);
            while (next <= to) {
                BsonDocument commit = starting.get(next);
                if (commit == null) {
                    return new PositionCheck(false, head, documents, next, "no document holds this position");
                }
                documents++;
                long last = CommitFormat.last(commit);
                for (long p = next + 1; p <= Math.min(last, to); p++) {
                    if (starting.containsKey(p)) {
                        return new PositionCheck(false, head, documents, p,
                                "held twice: by the document at " + next + " and by one starting here");
                    }
                }
                if (last > to) {
                    Map<Long, BsonDocument> inside = store.startingIn(to + 1, last);
                    if (!inside.isEmpty()) {
                        long p = inside.keySet().stream().min(Long::compare).orElseThrow();
                        return new PositionCheck(false, head, documents, p,
                                "held twice: by the document at " + next + " and by one starting here");
                    }
                }
                next = last + 1;
            }
        }
        if (next - 1 > head) {
            return new PositionCheck(false, head, documents, head + 1, "a commit extends beyond the position counter");
        }
        Map<Long, BsonDocument> beyond = store.startingIn(head + 1, head + 256);
        if (!beyond.isEmpty()) {
            long p = beyond.keySet().stream().min(Long::compare).orElseThrow();
            return new PositionCheck(false, head, documents, p, "written beyond the position counter");
        }
        return new PositionCheck(true, head, documents, null, null);
    }
}
