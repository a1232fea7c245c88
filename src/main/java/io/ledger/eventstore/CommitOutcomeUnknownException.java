package io.ledger.eventstore;

/**
 * The store could not tell whether a commit was stored (its reply was lost and it could not be read
 * back). The command may or may not have taken effect: repeating it with the same id is safe, since
 * every command is idempotent on its id, and tells which.
 */
public class CommitOutcomeUnknownException extends EventStoreFailure {

    public CommitOutcomeUnknownException(long position, String what, Throwable cause) {
        super("The outcome of the commit of " + what + " at global position " + position + " is unknown: the "
                + "store did not confirm it and could not be read back. Repeat the request with the same id; if it "
                + "was stored, the repeat changes nothing", cause);
    }
}
