package io.ledger.domain;

/**
 * A command the ledger will not carry out. Nothing is stored; the caller learns why through a
 * stable {@link #code()}.
 */
public class Refusal extends org.axonframework.common.AxonNonTransientException {

    private final String code;

    public Refusal(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Refusal notFound(String what) {
        return new Refusal("NOT_FOUND", what + " does not exist");
    }

    public static Refusal duplicateId(String what) {
        return new Refusal("DUPLICATE_ID", what + " was already used for a different request");
    }
}
