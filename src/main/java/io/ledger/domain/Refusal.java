package io.ledger.domain;

import org.axonframework.common.AxonNonTransientException;

/**
 * A command the ledger will not carry out. Nothing is stored; the caller learns why through a
 * stable {@link #code()}.
 */
public class Refusal extends AxonNonTransientException {

    private final RefusalCode code;

    public Refusal(RefusalCode code, String message) {
        super(message);
        this.code = code;
    }

    public RefusalCode refusalCode() {
        return code;
    }

    /** The code as clients see it in problem documents. */
    public String code() {
        return code.name();
    }

    public static Refusal notFound(String what) {
        return new Refusal(RefusalCode.NOT_FOUND, what + " does not exist");
    }

    public static Refusal invalid(String message) {
        return new Refusal(RefusalCode.VALIDATION_FAILED, message);
    }

    /**
     * Every write is idempotent on its client-chosen id: the same id with the same content is a
     * repeat, answered as before and changing nothing; the same id with other content is refused.
     *
     * @param earlier what the id was first used for, or null if it is new
     * @param now the same facts of this request, built the same way
     * @return true for a repeat (the caller answers as before), false for a new id
     */
    public static boolean isRepeat(Object earlier, Object now, String what) {
        if (earlier == null) {
            return false;
        }
        if (earlier.equals(now)) {
            return true;
        }
        throw new Refusal(RefusalCode.DUPLICATE_ID, what + " was already used for a different request");
    }
}
