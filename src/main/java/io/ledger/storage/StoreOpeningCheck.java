package io.ledger.storage;

import com.mongodb.client.MongoDatabase;

/**
 * A check that must pass before anything reads or writes the store: the database bean is handed out
 * only after every check has run, so no bean's construction order can let a reader in first.
 */
public interface StoreOpeningCheck {

    /** Throws when the application must not run on this database. */
    void check(MongoDatabase database);
}
