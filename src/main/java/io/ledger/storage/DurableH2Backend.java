package io.ledger.storage;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 backend of mongo-java-server, made to acknowledge a write only after it is on disk.
 *
 * <p>Stock {@code H2Backend} opens its MVStore with auto-commit: a background thread saves changes
 * about once a second, so an acknowledged write can vanish with a {@code kill -9}, and a save can
 * land half-way through a command (a unique-index entry without its document). Here auto-commit
 * is off; every command that may change data runs alone and is followed by a commit (and, unless
 * disabled, an fsync) before its reply goes out. Reads run concurrently with each other.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that never change data; anything else is treated as a write. */
    private static final Set<String> READ_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "ismaster", "hello", "ping", "buildinfo", "getlasterror", "getlog", "serverstatus", "dbstats",
            "collstats", "killcursors", "endsessions", "connectionstatus", "whatsmyuri", "getparameter",
            "getcmdlineopts", "hostinfo", "saslstart", "saslcontinue", "currentop");

    private static final long COMPACT_EVERY_WRITES = 20_000;

    private final MVStore store;
    private final boolean fsync;
    private final Runnable sync;
    private final Set<String> deferredCollections;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong durableCommits = new AtomicLong();

    /**
     * @param deferredCollections collections whose changes need not be durable on their own: a
     *                            write to one of them is acknowledged without a commit and becomes
     *                            durable with the next commit of any other write (one MVStore
     *                            commit covers every change made before it, in order)
     */
    DurableH2Backend(MVStore store, boolean fsync, Set<String> deferredCollections) {
        this(store, fsync, deferredCollections, store::sync);
    }

    /** @param sync forces committed changes to the disk (tests inject a failing one) */
    DurableH2Backend(MVStore store, boolean fsync, Set<String> deferredCollections, Runnable sync) {
        super(store);
        this.store = store;
        this.sync = sync;
        if (fsync) {
            // Old chunks are kept for 45 s by default in case the disk reorders writes; every commit
            // here is forced to the disk before the next one, so their space can be reused at once.
            store.setRetentionTime(0);
        }
        this.fsync = fsync;
        this.deferredCollections = Set.copyOf(deferredCollections);
    }

    /**
     * Auto-commit off entirely: {@code autoCommitDisabled()} only stops the background thread, and the
     * write buffer would still commit by itself once it holds about 19 MB, half-way through a command.
     */
    static MVStore openStore(String fileName) {
        return new MVStore.Builder().fileName(fileName).autoCommitDisabled().autoCommitBufferSize(0).compress()
                .open();
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        // Replies are encoded after this method returns, and a reply can hold the very document
        // objects that the next update changes in place (seen: two findAndModify $inc replies with
        // the same value). So every reply is copied while no write can run.
        if (READ_COMMANDS.contains(command.toLowerCase())) {
            lock.readLock().lock();
            try {
                return super.handleCommand(channel, databaseName, command, query).cloneDeeply();
            } finally {
                lock.readLock().unlock();
            }
        }
        boolean deferred = deferredCollections.contains(String.valueOf(query.get(command)));
        lock.writeLock().lock();
        try {
            Document reply;
            try {
                reply = super.handleCommand(channel, databaseName, command, query).cloneDeeply();
            } finally {
                // Also after a failed command: memory and disk must not disagree about what it changed.
                // A failing commit or sync fails the command (its reply is never an acknowledgement).
                if (!deferred) {
                    commitDurably();
                }
            }
            return reply;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void commitDurably() {
        if (!store.hasUnsavedChanges()) {
            return;
        }
        store.commit();
        if (fsync) {
            sync.run();
        }
        if (durableCommits.incrementAndGet() % COMPACT_EVERY_WRITES == 0) {
            // Without auto-commit the background housekeeping does not run; rewrite sparse chunks
            // now and then so that the file does not grow without bound.
            store.compact(60, 16 * 1024 * 1024);
            store.commit();
        }
    }

    /** Whether any thread holds the write lock (a leaked lock would stop every client). */
    boolean writeLocked() {
        return lock.isWriteLocked();
    }

    long durableCommits() {
        return durableCommits.get();
    }
}
