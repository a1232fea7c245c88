package io.ledger.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.ledger.eventstore.ChainCheckpoints.Checkpoint;

/**
 * Follows {@link ChainVerifier}'s walk commit by commit and holds the genuine checkpoints to the linker's pace: the
 * commits between two of them recorded within {@code checkpointEvery + grace} of each other,
 * those after the newest younger than that. Before the first checkpoint nothing is required:
 * that history may predate the key.
 */
final class CheckpointCoverage {

    private final List<Checkpoint> genuine;
    private final Instant now;
    private final Duration checkpointEvery;
    private final Duration allowed;
    /** Index of the first genuine checkpoint at or after the current position. */
    private int span;
    private Instant earliest;
    private long earliestAt;
    private boolean reported;

    CheckpointCoverage(List<Checkpoint> genuine, Instant now, Duration checkpointEvery, Duration grace) {
        this.genuine = genuine;
        this.now = now;
        this.checkpointEvery = checkpointEvery;
        this.allowed = checkpointEvery.plus(grace);
    }

    ChainVerifier.Failure check(long position, Instant recorded) {
        while (span < genuine.size() && genuine.get(span).position() < position) {
            span++;
            earliest = null;
            reported = false;
        }
        if (reported || span == 0 && !genuine.isEmpty()) {
            return null;
        }
        if (span > 0 && recorded.isBefore(genuine.get(span - 1).signedAt())) {
            // written before the checkpoint that opens its span was signed, yet placed after it: it
            // waited behind a position a dead writer left open and was linked after the restart, so
            // no checkpoint could have been signed over it earlier than that one
            recorded = genuine.get(span - 1).signedAt();
        }
        if (span == genuine.size()) {
            if (!recorded.isBefore(now.minus(allowed))) {
                return null;
            }
            reported = true;
            return new ChainVerifier.Failure(ChainVerifier.FailureKind.NOT_CHECKPOINTED_IN_TIME, position, "recorded at " + recorded
                    + " and still not covered by a signed checkpoint");
        }
        if (earliest == null || recorded.isBefore(earliest)) {
            earliest = recorded;
            earliestAt = position;
            return null;
        }
        if (!recorded.isAfter(earliest.plus(allowed))) {
            return null;
        }
        reported = true;
        return new ChainVerifier.Failure(ChainVerifier.FailureKind.CHECKPOINT_GAP, position, "recorded at " + recorded + ", more than "
                + allowed + " after position " + earliestAt + " (" + earliest + "), yet no genuine checkpoint "
                + "lies between them, where the linker signs one at least every " + checkpointEvery
                + ": checkpoints were removed");
    }
}
