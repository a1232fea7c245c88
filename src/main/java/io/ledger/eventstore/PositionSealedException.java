package io.ledger.eventstore;

/**
 * A commit reached the store after a reader had given up waiting for its position and sealed it.
 * Nothing of the commit was stored; the command that produced it has failed.
 */
public class PositionSealedException extends EventStoreFailure {

    public PositionSealedException(long position, String aggregateId) {
        super("Global position " + position + " was sealed before the commit of aggregate " + aggregateId
                + " arrived; nothing was stored");
    }
}
