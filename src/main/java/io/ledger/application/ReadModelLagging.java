package io.ledger.application;

/**
 * The command was stored but the read model did not show its effect in time. The client sends the
 * same request again: every command is idempotent on its id and answers once the model caught up.
 */
public class ReadModelLagging extends RuntimeException {

    public ReadModelLagging() {
        super("The command was recorded, but its effect is not visible yet. Send the same request again: "
                + "it is idempotent and will answer once the read model has caught up.");
    }
}
