package io.ledger.eventstore;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.bson.BsonDocument;

/**
 * What the rest of the ledger (audit, hash chain, metrics, read-your-writes) needs from the event
 * store, without reaching into Axon's storage engine.
 */
public interface CommitLog {

    /** The stored documents (commits and voids) after {@code after}, in global order, as readers see them. */
    List<BsonDocument> readCommits(long after, int max);

    /** The stored commits holding events of one aggregate, from {@code fromSequence} on. */
    Stream<BsonDocument> aggregateCommits(String aggregateId, long fromSequence);

    /** The events of {@code aggregateId} in these commits, upcast and deserialized as an aggregate load would. */
    DomainEventStream deserialize(List<BsonDocument> commits, String aggregateId);

    /** The highest position any writer has reserved. */
    long highWaterMark();

    /** The end of the readable prefix of the global order (every position up to it is held). */
    long readableHead();

    /**
     * The position a reader must have reached to see the effect of the command with this message id:
     * the last position it wrote, or, if this process did not see it write, the last stored event.
     */
    long positionToAwait(String commandId);

    /** Checks that every position from 1 to the head is held by exactly one document. */
    PositionCheck checkPositions();

    long sealedPositions();

    long refusedCommits();

    /** Void positions this process wrote and the store confirmed: given back by writers, sealed by readers. */
    long voidsWritten();

    /** Give-backs of reserved positions that failed or were not confirmed; readers seal what they left. */
    long failedGiveBacks();

    int pendingGaps();

    Duration oldestPendingGap();
}
