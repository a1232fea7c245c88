package io.ledger.storage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long any one store operation may wait, so that a store that cannot be reached costs a request
 * seconds, not a held thread: the answer is {@code 503 STORAGE_UNAVAILABLE}. Values given in
 * {@code MONGODB_URI} ({@code serverSelectionTimeoutMS}, {@code connectTimeoutMS},
 * {@code socketTimeoutMS}) win; the write timeout is always this one.
 *
 * @param serverSelection how long an operation looks for a server (the primary) before it fails
 * @param connect         how long opening a connection may take
 * @param socketRead      how long an operation waits for the server's reply on an open connection;
 *                        above the slowest legitimate read (a scan of the embedded store's history)
 * @param write           how long a replica set's majority may take to confirm a write (its outcome is
 *                        then unknown, answered as {@code OUTCOME_UNKNOWN})
 */
@ConfigurationProperties("ledger.storage.timeouts")
public record StoreTimeouts(
        @DefaultValue("3s") Duration serverSelection,
        @DefaultValue("2s") Duration connect,
        @DefaultValue("10s") Duration socketRead,
        @DefaultValue("5s") Duration write) {

    public static final StoreTimeouts DEFAULTS = new StoreTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofSeconds(5));
}
