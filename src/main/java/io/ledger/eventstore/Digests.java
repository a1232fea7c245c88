package io.ledger.eventstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The one digest of the ledger's evidence: the hash chain, backups and audited totals. */
public final class Digests {

    private Digests() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
