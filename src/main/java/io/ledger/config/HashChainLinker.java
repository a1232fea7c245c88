package io.ledger.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.ledger.eventstore.ChainCheckpoints;
import io.ledger.eventstore.ChainCheckpoints.Checkpoint;
import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.HashChain;

/**
 * Extends the hash chain over new commits at a fixed interval while the application runs and,
 * with a key, signs a checkpoint of its head every so often and once more when stopping, so that a
 * stopped system's history is covered to its end.
 */
class HashChainLinker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HashChainLinker.class);

    private final HashChain chain;
    private final Duration interval;
    private final Optional<ChainKey> key;
    private final ChainCheckpoints checkpoints;
    private final Duration checkpointEvery;
    private final Clock clock;
    private Checkpoint lastCheckpoint;
    private ScheduledExecutorService executor;

    HashChainLinker(HashChain chain, Duration interval, Optional<ChainKey> key, ChainCheckpoints checkpoints,
            Duration checkpointEvery, Clock clock) {
        if (key.isPresent() && !key.get().canSign()) {
            throw new IllegalStateException("ledger.hash-chain key: the linker needs a key that signs "
                    + "(hmac-sha256: or ed25519:), not only the public half");
        }
        this.chain = chain;
        this.interval = interval;
        this.key = key;
        this.checkpoints = checkpoints;
        this.checkpointEvery = checkpointEvery;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (key.isEmpty()) {
            log.warn("No hash-chain checkpoint key (ledger.hash-chain.key-file or LEDGER_HASH_CHAIN_KEY): "
                    + "whoever can rewrite the database can rebuild a consistent chain");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hash-chain");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                link(false);
            } catch (RuntimeException e) {
                log.error("Hash chain not extended", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Links what is new and signs a checkpoint when one is due ({@code now}: whenever the head moved). */
    synchronized void link(boolean now) {
        chain.catchUp();
        if (key.isEmpty()) {
            return;
        }
        Optional<HashChain.Head> head = chain.head();
        if (head.isEmpty()) {
            return;
        }
        if (lastCheckpoint == null) {
            lastCheckpoint = checkpoints.newest().orElse(null);
        }
        Instant at = clock.instant();
        boolean moved = lastCheckpoint == null || head.get().position() > lastCheckpoint.position();
        boolean due = now || lastCheckpoint == null || lastCheckpoint.signedAt() == null
                || !at.isBefore(lastCheckpoint.signedAt().plus(checkpointEvery));
        if (moved && due) {
            lastCheckpoint = checkpoints.write(key.get(), head.get().position(), head.get().hash(), at);
        }
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
            link(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Hash chain not extended at shutdown", e);
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
