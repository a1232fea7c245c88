package io.ledger.eventstore;

import java.util.Map;

import org.bson.BsonDocument;

/**
 * The auditor's invariant of the global order, checked with nothing but {@code _id} look-ups: every
 * position from 1 to the head is held by exactly one document (a commit or a void), and nothing is
 * written beyond the position counter.
 *
 * @param holds            whether the invariant holds
 * @param head             the position counter ({@code event_counters.globalPosition.last})
 * @param documents        documents walked
 * @param firstBadPosition the first position that breaks it, or null
 * @param problem          what is wrong there
 * @param firstUnheld      the first position held by no document, or null: a writer's reservation not
 *                         (yet) written. On a running system readers seal it after the seal timeout;
 *                         after a crash, at the next start
 * @param firstHeldTwice   the first position held by two documents, or written beyond the counter, or
 *                         null: never legitimate
 * @param heldTwice        what is wrong at {@code firstHeldTwice}
 */
public record PositionCheck(boolean holds, long head, long documents, Long firstBadPosition, String problem,
        Long firstUnheld, Long firstHeldTwice, String heldTwice) {

    private static final int WINDOW = 256;

    static PositionCheck run(CommitStore store) {
        long head = store.highWaterMark();
        long documents = 0;
        Long unheld = null;
        Long twice = null;
        String twiceProblem = null;
        long next = 1;
        while (next <= head && twice == null) {
            long to = Math.min(head, next + WINDOW - 1);
            Map<Long, BsonDocument> starting = store.startingIn(next, to);
            while (next <= to && twice == null) {
                BsonDocument commit = starting.get(next);
                if (commit == null) {
                    unheld = unheld == null ? next : unheld;
                    next++;
                    continue;
                }
                documents++;
                long last = CommitFormat.last(commit);
                Map<Long, BsonDocument> inside = last > next ? store.startingIn(next + 1, last) : Map.of();
                if (!inside.isEmpty()) {
                    twice = inside.keySet().stream().min(Long::compare).orElseThrow();
                    twiceProblem = "held twice: by the document at " + next + " and by one starting at " + twice;
                } else if (last > head && last > (head = store.highWaterMark())) {
                    twice = head + 1;
                    twiceProblem = "the document at " + next + " extends beyond the position counter (" + head + ")";
                }
                next = last + 1;
            }
        }
        if (twice == null) {
            Map<Long, BsonDocument> beyond = store.startingIn(head + 1, head + WINDOW);
            if (beyond.isEmpty()) {
                // however far beyond: the one query of the check that may scan (it walks everything anyway)
                BsonDocument far = store.firstAbove(head + WINDOW);
                if (far != null) {
                    beyond.put(CommitFormat.first(far), far);
                }
            }
            // a writer reserves before it writes: what a second look at the counter covers is not beyond it
            long counter = beyond.isEmpty() ? head : store.highWaterMark();
            beyond.values().removeIf(c -> CommitFormat.last(c) <= counter);
            if (!beyond.isEmpty()) {
                twice = beyond.keySet().stream().min(Long::compare).orElseThrow();
                twiceProblem = "written beyond the position counter (" + head + ")";
            }
        }
        Long first;
        String problem;
        if (twice != null && (unheld == null || twice < unheld)) {
            first = twice;
            problem = twiceProblem;
        } else {
            first = unheld;
            problem = unheld == null ? null : "no document holds this position (reserved, never written)";
        }
        return new PositionCheck(first == null, head, documents, first, problem, unheld, twice, twiceProblem);
    }
}
