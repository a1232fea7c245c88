package io.ledger.api;

/**
 * The metadata keys every stored event carries, written by the command side and read by the
 * projections, the audit and anyone reading the store with a MongoDB tool.
 */
public final class EventMetadata {

    /** The authenticated user who sent the command. */
    public static final String USER = "user";
    /** That user's roles, comma-separated. */
    public static final String ROLES = "roles";
    /** Axon's message origin: the root of the conversation. */
    public static final String TRACE_ID = "traceId";
    /** Axon's message origin: the message that caused this one (the command, for its events). */
    public static final String CORRELATION_ID = "correlationId";

    private EventMetadata() {
    }
}
