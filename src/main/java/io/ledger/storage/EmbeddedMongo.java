package io.ledger.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;

/** The in-process MongoDB-wire server that stands in for a replica set when no URI is given. */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final DurableH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path file;

    private EmbeddedMongo(DurableH2Backend backend, MongoServer server, InetSocketAddress address, Path file) {
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.file = file;
    }

    /**
     * The event store's position counter: a reservation need not survive a crash on its own, as
     * any commit written at a reserved position makes the counter durable with it, and a position
     * reserved but never written may be handed out again. Deferring its commit saves one disk
     * flush per event-store commit. See the event store's design note.
     */
    static final Set<String> DEFERRED_COLLECTIONS = Set.of("event_counters");

    public static EmbeddedMongo start(Path dataDir, String host, int port, boolean fsync) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("ledger.mv.db");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + file.getParent(), e);
        }
        DurableH2Backend backend = new DurableH2Backend(DurableH2Backend.openStore(file.toString()), fsync,
                DEFERRED_COLLECTIONS);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            backend.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port
                    + " (is another ledger running on this data directory or port?)", e);
        }
        EmbeddedMongo mongo = new EmbeddedMongo(backend, server, server.getLocalAddress(), file);
        log.info("Embedded MongoDB-wire server on {} with data in {}; open it with: mongosh \"{}\"",
                mongo.address, file, mongo.connectionString());
        return mongo;
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public Path file() {
        return file;
    }

    public long durableCommits() {
        return backend.durableCommits();
    }

    @Override
    public void close() {
        server.shutdownNow(); // closes the backend, which commits and closes the file
        log.info("Embedded MongoDB-wire server stopped; data in {}", file);
    }
}
