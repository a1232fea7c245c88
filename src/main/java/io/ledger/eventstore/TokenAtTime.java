package io.ledger.eventstore;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.BsonDocument;

/**
 * The token just before the first event recorded at or after an instant, found by binary search over
 * the readable positions. Event times follow positions closely but are not guaranteed monotonic
 * (every writer has its own clock), so this is as exact as the writers' clocks.
 */
final class TokenAtTime {

    private static final int WINDOW = 256;

    private final CommitStore store;
    private final long head;

    TokenAtTime(CommitStore store, long head) {
        this.store = store;
        this.head = head;
    }

    TrackingToken tokenAt(Instant instant) {
        long low = 1;
        long high = head;
        long answer = head + 1;
        while (low <= high) {
            long middle = low + (high - low) / 2;
            Optional<Instant> at = eventTimeAtOrAfter(middle);
            if (at.isEmpty() || !at.get().isBefore(instant)) {
                answer = middle;
                high = middle - 1;
            } else {
                low = middle + 1;
            }
        }
        return answer <= 1 ? null : new GlobalSequenceTrackingToken(answer - 1);
    }

    /** The time of the first event at or after {@code position}, up to the head. */
    private Optional<Instant> eventTimeAtOrAfter(long position) {
        BsonDocument holding = store.at(position);
        if (holding == null) {
            holding = store.covering(position);
        }
        if (holding != null && !CommitFormat.isVoid(holding)) {
            return Optional.of(CommitFormat.events(holding, position, null, Long.MIN_VALUE).get(0).getTimestamp());
        }
        for (long from = position + 1; from <= head; from += WINDOW) {
            Map<Long, BsonDocument> commits = store.startingIn(from, Math.min(head, from + WINDOW - 1));
            Optional<BsonDocument> firstEvent = commits.values().stream().filter(c -> !CommitFormat.isVoid(c))
                    .min((a, b) -> Long.compare(CommitFormat.first(a), CommitFormat.first(b)));
            if (firstEvent.isPresent()) {
                return Optional.of(CommitFormat.events(firstEvent.get(), 0, null, Long.MIN_VALUE).get(0).getTimestamp());
            }
        }
        return Optional.empty();
    }
}
