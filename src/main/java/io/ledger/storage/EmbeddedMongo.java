package io.ledger.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** The in-process MongoDB-wire server that stands in for a replica set when no URI is given. */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private static final String FILE_NAME = "ledger.mv.db";

    private final H2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path file;

    private EmbeddedMongo(H2Backend backend, MongoServer server, InetSocketAddress address, Path file) {
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.file = file;
    }

    /**
     * Writes that need no disk flush of their own, as one MVStore commit makes every change before it
     * durable, in order. The event store's position counter: any commit written at a reserved
     * position makes the counter durable with it, and a position reserved but never written may be
     * handed out again (see the event store's design note). The read models ({@code view_…}): their
     * processor stores its token after them, and that write is flushed, so a token on the disk has
     * every read-model write before it on the disk too; a crash loses only writes after the last
     * stored token, which the processor makes again from the events, and read-your-writes counts an
     * event as shown only once its batch's token is stored. A projection's writes then cost no flush.
     */
    static boolean deferred(String collection) {
        return collection.equals("event_counters") || collection.startsWith("view_");
    }

    /**
     * A command waiting for the disk holds its connection's event-loop thread (the backend is
     * called on it); with netty's default of two per core, no more than four commands here could
     * share one sync (see {@link DurableH2Backend}'s group commit).
     */
    private static final int WORKER_THREADS = 32;

    public static EmbeddedMongo start(Path dataDir, String host, int port, boolean fsync) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        createPrivateDirectory(file.getParent());
        return serve(new DurableH2Backend(DurableH2Backend.openStore(file.toString()), fsync, EmbeddedMongo::deferred),
                host, port, file);
    }

    /**
     * The store of an existing data directory opened read-only on a free loopback port, for
     * auditing: refuses a directory that holds no store rather than create an empty one.
     */
    public static EmbeddedMongo startReadOnly(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new MissingStoreException("no ledger store in " + dataDir + " (expected " + file + ")");
        }
        return serve(new ReadOnlyH2Backend(ReadOnlyH2Backend.openStore(file.toString())), "127.0.0.1", 0, file);
    }

    /** Thrown when a data directory that must already hold a store does not. */
    public static final class MissingStoreException extends IllegalArgumentException {
        MissingStoreException(String message) {
            super(message);
        }
    }

    /**
     * The embedded server has no authentication: the directory holding its file is the only guard
     * against other local users, so it is created readable by its owner alone.
     */
    private static void createPrivateDirectory(Path directory) {
        try {
            if (!Files.exists(directory)) {
                if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(directory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    // the umask may have narrowed what was asked, never widened it; set it exactly
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.createDirectories(directory);
                }
            } else if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
                if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    log.warn("The data directory {} is accessible to other users ({}): anyone who can read it "
                            + "can read the ledger; chmod 700 it", directory, PosixFilePermissions.toString(permissions));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
    }

    private static EmbeddedMongo serve(H2Backend backend, String host, int port, Path file) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
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
        // bound to every interface: this process reaches it through loopback
        String host = address.getAddress() != null && address.getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : address.getHostString().contains(":") ? "[" + address.getHostString() + "]" : address.getHostString();
        return "mongodb://" + host + ":" + address.getPort();
    }

    public Path file() {
        return file;
    }

    public long durableCommits() {
        return backend instanceof DurableH2Backend durable ? durable.durableCommits() : 0;
    }

    @Override
    public void close() {
        server.shutdownNow(); // closes the backend, which commits and closes the file
        log.info("Embedded MongoDB-wire server stopped; data in {}", file);
    }
}
