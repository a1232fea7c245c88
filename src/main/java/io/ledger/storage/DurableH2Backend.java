package io.ledger.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

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
 * is off; every command that may change data runs alone and is followed by a commit before the
 * next one runs. Reads run concurrently with each other.
 *
 * <p>Group commit: the fsync is not made under the write lock. Each commit gets a version; a reply
 * (of a write, and of a read too, which may show another command's write) goes out only once a
 * sync that started after every commit it could see has ended. One thread syncs at a time and its
 * sync covers every commit made before it started, so the writes that arrive during one fsync
 * share the next. A reply never acknowledges, nor shows, anything that is not on the disk; a sync
 * that fails fails every command waiting on it (a later sync is not trusted to cover them).
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that never change data; anything else is treated as a write. */
    private static final Set<String> READ_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "ismaster", "hello", "ping", "buildinfo", "getlasterror", "getlog", "serverstatus", "dbstats",
            "collstats", "killcursors", "endsessions", "connectionstatus", "whatsmyuri", "getparameter",
            "getcmdlineopts", "hostinfo", "saslstart", "saslcontinue", "currentop");

    /** Reads that return stored data, and so wait for the sync of what they could see. */
    private static final Set<String> DATA_READS = Set.of("find", "getmore", "count", "distinct");

    private static final long COMPACT_EVERY_WRITES = 20_000;

    private final MVStore store;
    private final boolean fsync;
    private final Runnable sync;
    private final Predicate<String> deferredCollections;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Commits written to the file, in order: a commit's number is its version for the syncs. */
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong syncCount = new AtomicLong();
    private final Object syncs = new Object();
    private volatile long synced;
    private boolean syncing;
    private int waiting;
    /** Versions (from, through] that a failed sync covered: never acknowledged, whatever syncs later. */
    private final List<long[]> failedVersions = new ArrayList<>();
    private volatile boolean syncFailedOnce;
    private Throwable failure;

    /**
     * @param deferredCollections collections whose changes need not be durable on their own: a
     *                            write to one of them is acknowledged without a commit and becomes
     *                            durable with the next commit of any other write (one MVStore
     *                            commit covers every change made before it, in order)
     */
    DurableH2Backend(MVStore store, boolean fsync, Predicate<String> deferredCollections) {
        this(store, fsync, deferredCollections, store::sync);
    }

    /** @param sync forces committed changes to the disk (tests inject a failing one) */
    DurableH2Backend(MVStore store, boolean fsync, Predicate<String> deferredCollections, Runnable sync) {
        super(store);
        this.store = store;
        this.sync = sync;
        // MVStore's retention time (45 s) stays: with group commit several commits follow each other
        // before one sync, and a chunk that a commit not yet on the disk made dead must not be
        // overwritten before that commit is synced, or a power loss could leave no valid chunk chain.
        this.fsync = fsync;
        this.deferredCollections = deferredCollections;
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
        String name = command.toLowerCase();
        if (READ_COMMANDS.contains(name)) {
            Document reply;
            long seen;
            lock.readLock().lock();
            try {
                reply = super.handleCommand(channel, databaseName, command, query).cloneDeeply();
                // a handshake or a ping shows no data, and must not wait behind a sync; nor does a
                // read model: it shows only events its processor read, and those reads waited
                seen = DATA_READS.contains(name) && !deferredCollections.test(String.valueOf(query.get(command)))
                        ? committed.get() : 0;
            } finally {
                lock.readLock().unlock();
            }
            awaitDurable(seen);
            return reply;
        }
        boolean deferred = deferredCollections.test(String.valueOf(query.get(command)));
        Document reply = null;
        RuntimeException commandFailure = null;
        long version;
        lock.writeLock().lock();
        try {
            try {
                reply = super.handleCommand(channel, databaseName, command, query).cloneDeeply();
            } catch (RuntimeException e) {
                commandFailure = e;
            } finally {
                // Also after a failed command: memory and disk must not disagree about what it changed.
                // A deferred write (the position counter) reveals no other command's data and waits for no sync.
                if (!deferred) {
                    commitVersion();
                }
                version = deferred ? 0 : committed.get();
            }
        } finally {
            lock.writeLock().unlock();
        }
        // A failing sync fails the command: its reply is never an acknowledgement.
        awaitDurable(version);
        if (commandFailure != null) {
            throw commandFailure;
        }
        return reply;
    }

    /** Under the write lock: the command's changes become a new version (written, not yet synced). */
    private void commitVersion() {
        if (!store.hasUnsavedChanges()) {
            return;
        }
        store.commit();
        // counted only once every commit of it is written: a sync starting after that covers it
        if ((committed.get() + 1) % COMPACT_EVERY_WRITES == 0) {
            // Without auto-commit the background housekeeping does not run; rewrite sparse chunks
            // now and then so that the file does not grow without bound.
            store.compact(60, 16 * 1024 * 1024);
            store.commit();
        }
        committed.incrementAndGet();
    }

    /** Returns once a sync covers {@code version}: as the one thread syncing, or waiting for it. */
    private void awaitDurable(long version) {
        if (!fsync || (version <= synced && !syncFailedOnce)) {
            return;
        }
        synchronized (syncs) {
            while (true) {
                if (failedVersions.stream().anyMatch(range -> version > range[0] && version <= range[1])) {
                    throw new IllegalStateException("the disk did not confirm this write", failure);
                }
                if (version <= synced) {
                    return;
                }
                if (!syncing) {
                    syncing = true;
                    break;
                }
                try {
                    waiting++;
                    syncs.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the disk", e);
                } finally {
                    waiting--;
                }
            }
        }
        long target = committed.get(); // every version up to here was written before this sync starts
        Throwable failed = null;
        try {
            sync.run();
            syncCount.incrementAndGet();
        } catch (RuntimeException | Error e) { // an Error too: else no thread would ever sync again
            failed = e;
        }
        synchronized (syncs) {
            syncing = false;
            if (failed == null) {
                synced = Math.max(synced, target);
            } else {
                // what was synced before stays acknowledged; what this sync covered, never
                failedVersions.add(new long[] { synced, target });
                syncFailedOnce = true;
                failure = failed;
            }
            syncs.notifyAll();
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw (RuntimeException) failed;
        }
    }

    /** Whether any thread holds the write lock (a leaked lock would stop every client). */
    boolean writeLocked() {
        return lock.isWriteLocked();
    }

    /** Commits written to the file so far (each synced before its reply, perhaps with others). */
    long durableCommits() {
        return committed.get();
    }

    /** Commands whose replies wait for another thread's sync. */
    int waitingForSync() {
        synchronized (syncs) {
            return waiting;
        }
    }

    /** Syncs that ended well. */
    long syncs() {
        return syncCount.get();
    }
}
