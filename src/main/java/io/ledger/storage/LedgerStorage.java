package io.ledger.storage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/**
 * The ledger's one MongoDB database: a replica set named by {@code MONGODB_URI}, or else the
 * embedded server on the data directory.
 */
public final class LedgerStorage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerStorage.class);

    private final EmbeddedMongo embedded;
    private final MongoClient client;
    private final MongoDatabase database;

    private LedgerStorage(EmbeddedMongo embedded, MongoClient client, MongoDatabase database) {
        this.embedded = embedded;
        this.client = client;
        this.database = database;
    }

    public static LedgerStorage open(StorageProperties properties) {
        return open(properties, StoreTimeouts.DEFAULTS);
    }

    public static LedgerStorage open(StorageProperties properties, StoreTimeouts timeouts) {
        if (properties.embedded()) {
            if (!properties.embeddedAllowNonLoopback() && !isLoopback(properties.embeddedHost())) {
                throw new IllegalStateException("ledger.storage.embedded-host=" + properties.embeddedHost()
                        + " is not a loopback address: the embedded server has no authentication, so anyone who "
                        + "reaches it can rewrite the ledger. Use a MongoDB replica set (MONGODB_URI), or set "
                        + "ledger.storage.embedded-allow-non-loopback=true if this network is yours alone.");
            }
            return embedded(EmbeddedMongo.start(properties.dataDir(), properties.embeddedHost(),
                    properties.embeddedPort(), properties.embeddedFsync()), properties, timeouts);
        }
        return replicaSet(properties, timeouts);
    }

    /**
     * For auditing: the embedded store of an existing data directory opened read-only (a missing
     * store is refused, never created), or the replica set, where read-only is the credentials' job.
     */
    public static LedgerStorage openReadOnly(StorageProperties properties) {
        return properties.embedded()
                ? embedded(EmbeddedMongo.startReadOnly(properties.dataDir()), properties, StoreTimeouts.DEFAULTS)
                : replicaSet(properties, StoreTimeouts.DEFAULTS);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static LedgerStorage embedded(EmbeddedMongo embedded, StorageProperties properties,
            StoreTimeouts timeouts) {
        try {
            // The embedded server acknowledges only what it has committed to its file, so plain
            // acknowledgement is the durable one there.
            MongoClient client = MongoClients.create(settings(new ConnectionString(embedded.connectionString()), timeouts)
                    .writeConcern(WriteConcern.ACKNOWLEDGED)
                    .build());
            return new LedgerStorage(embedded, client, client.getDatabase(properties.database()));
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    private static LedgerStorage replicaSet(StorageProperties properties, StoreTimeouts timeouts) {
        ConnectionString uri = new ConnectionString(properties.mongodbUri());
        MongoClient client = MongoClients.create(replicaSetSettings(uri, timeouts));
        String name = uri.getDatabase() != null ? uri.getDatabase() : properties.database();
        log.info("Using MongoDB at {} (database {}), write concern majority, journaled", uri.getHosts(), name);
        return new LedgerStorage(null, client, client.getDatabase(name));
    }

    /**
     * Majority writes and reads, every one of them bounded: a write that a majority does not confirm
     * within {@link StoreTimeouts#write()} fails (its outcome unknown, said as such) instead of hanging
     * while a majority is lost, and no request thread waits on a socket for ever.
     */
    static MongoClientSettings replicaSetSettings(ConnectionString uri, StoreTimeouts timeouts) {
        return settings(uri, timeouts)
                .writeConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(timeouts.write().toMillis(),
                        TimeUnit.MILLISECONDS))
                .readConcern(ReadConcern.MAJORITY)
                .readPreference(ReadPreference.primary())
                .build();
    }

    private static MongoClientSettings.Builder settings(ConnectionString uri, StoreTimeouts timeouts) {
        return MongoClientSettings.builder()
                .applyConnectionString(uri)
                .applicationName("incentive-ledger")
                .applyToClusterSettings(c -> c.serverSelectionTimeout(uri.getServerSelectionTimeout() != null
                        ? uri.getServerSelectionTimeout() : timeouts.serverSelection().toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s
                        .connectTimeout(uri.getConnectTimeout() != null ? uri.getConnectTimeout()
                                : (int) timeouts.connect().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(uri.getSocketTimeout() != null ? uri.getSocketTimeout()
                                : (int) timeouts.socketRead().toMillis(), TimeUnit.MILLISECONDS));
    }

    public MongoClient client() {
        return client;
    }

    public MongoDatabase database() {
        return database;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Round trip to the server; throws when it cannot be reached. */
    public Document ping() {
        return database.runCommand(new Document("ping", 1));
    }

    public String describe() {
        return embedded != null ? "embedded " + embedded.connectionString() + " (" + embedded.file() + ")"
                : "replica set " + client.getClusterDescription().getShortDescription();
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
