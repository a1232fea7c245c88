package io.ledger.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import io.ledger.eventstore.ChainCheckpoints;
import io.ledger.eventstore.ChainCheckpoints.Checkpoint;
import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.HashChain;

/**
 * Extends the hash chain over new commits at a fixed interval while the application runs and,
 * with a key, signs a checkpoint of its head every so often, once when starting (so that commits
 * left by a process that died are covered before new ones arrive) and once more when stopping, so
 * that a stopped system's history is covered to its end.
 *
 * <p>It signs only a chain that still passes through what was signed before: the newest genuine
 * checkpoint in the store and the last one this process signed. Someone who can write the database
 * could otherwise delete the checkpoints, rebuild a consistent chain over rewritten history and
 * have it signed at the next interval.
 *
 * <p>Of the nodes sharing a store, one links at a time: the one holding the claim on segment 0 of
 * the pseudo-processor {@code claimName} in the token store the tracking processors use, taken or
 * renewed at every run (also the one at start) by fetching its token. A node that finds the claim
 * held does not link that run. A node that stops links a last time if it holds the claim, then
 * releases it, so another node takes over at its next run; one that dies without releasing (kill -9,
 * a store it can no longer reach) leaves the claim to expire after the token store's claim timeout
 * (axon-mongo's default, 10 s): that is the takeover time, and commits stay unlinked for up to it
 * plus one interval. The interval must stay well below that timeout, or the claim lapses between
 * runs. A single run longer than the timeout (a first catch-up over a long unlinked history) lets
 * another node in meanwhile: that is safe, only duplicated, because links are unique by position
 * and a second linker's link must agree, and a checkpoint signed twice at one position counts once.
 */
class HashChainLinker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HashChainLinker.class);
    /** The linker's pseudo-processor has one segment: one node links. */
    private static final int SEGMENT = 0;

    private final HashChain chain;
    private final TokenStore claims;
    private final String claimName;
    private final Duration interval;
    private final Optional<ChainKey> key;
    private final ChainCheckpoints checkpoints;
    private final Duration checkpointEvery;
    private final Clock clock;
    /** The newest genuine checkpoint known, which decides when the next one is due. */
    private Checkpoint lastCheckpoint;
    /** The last checkpoint this process signed: the store must keep it, and the chain pass through it. */
    private volatile Checkpoint signedHere;
    private String refusal;
    /** Whether the last run held the claim, to log when it changes hands; null before the first run. */
    private Boolean claimed;
    private ScheduledExecutorService executor;

    HashChainLinker(HashChain chain, TokenStore claims, String claimName, Duration interval, Optional<ChainKey> key,
            ChainCheckpoints checkpoints, Duration checkpointEvery, Clock clock) {
        if (key.isPresent() && !key.get().canSign()) {
            throw new IllegalStateException("ledger.hash-chain key: the linker needs a key that signs "
                    + "(hmac-sha256: or ed25519:), not only the public half");
        }
        this.chain = chain;
        this.claims = claims;
        this.claimName = claimName;
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
        try {
            link(true);
        } catch (RuntimeException e) {
            log.error("Hash chain not extended at start", e);
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

    /**
     * Links what is new and signs a checkpoint when one is due ({@code now}: whenever the head moved),
     * if this node holds the claim or can take it.
     */
    synchronized void link(boolean now) {
        if (claim()) {
            linkClaimed(now);
        }
    }

    /**
     * Takes the claim, or renews this node's: fetching the token does either in one conditional update
     * (owner this node, or none, or a claim older than the timeout), without a unit of work (axon-mongo
     * runs it in no transaction by default).
     */
    private boolean claim() {
        boolean held;
        try {
            fetchClaim();
            held = true;
        } catch (UnableToClaimTokenException e) {
            log.debug("Hash chain not extended here, another node holds the claim: {}", e.getMessage());
            held = false;
        }
        if (claimed == null || held != claimed) {
            log.info(held ? "This node links the hash chain" : "Another node links the hash chain");
            // while another node held the claim it may have signed: when the next checkpoint is due
            // follows the newest stored, not the one this node knew
            lastCheckpoint = null;
        }
        claimed = held;
        return held;
    }

    private void fetchClaim() {
        try {
            claims.fetchToken(claimName, SEGMENT);
        } catch (UnableToClaimTokenException e) {
            // the store says the same whether another node holds the claim or no node ever took it
            if (claims.fetchSegments(claimName).length > 0) {
                throw e;
            }
            try {
                claims.initializeTokenSegments(claimName, 1);
            } catch (RuntimeException lost) {
                // two nodes creating it at once: the unique (processorName, segment) index lets one win
                if (claims.fetchSegments(claimName).length == 0) {
                    throw lost;
                }
            }
            claims.fetchToken(claimName, SEGMENT);
        }
    }

    private void linkClaimed(boolean now) {
        chain.catchUp();
        if (key.isEmpty()) {
            return;
        }
        Optional<HashChain.Head> head = chain.head();
        if (head.isEmpty()) {
            return;
        }
        if (lastCheckpoint == null) {
            lastCheckpoint = newestGenuine(checkpoints.all()).orElse(null);
        }
        Instant at = clock.instant();
        boolean moved = lastCheckpoint == null || head.get().position() > lastCheckpoint.position();
        boolean due = now || lastCheckpoint == null || !at.isBefore(lastCheckpoint.signedAt().plus(checkpointEvery));
        if (!moved || !due) {
            return;
        }
        Optional<String> refused = refusal();
        if (refused.isPresent()) {
            if (!refused.get().equals(refusal)) { // once per cause, not at every interval
                log.error("Hash chain checkpoint not signed: {}. Run the chain verifier.", refused.get());
            }
            refusal = refused.get();
            return;
        }
        refusal = null;
        lastCheckpoint = checkpoints.write(key.get(), head.get().position(), head.get().hash(), at);
        signedHere = lastCheckpoint;
    }

    /** The last checkpoint this process signed, for the verifier to hold the store to; empty before the first. */
    Optional<Checkpoint> signedHere() {
        return Optional.ofNullable(signedHere);
    }

    /** Why the chain must not be signed now: it no longer passes through a checkpoint signed before. */
    private Optional<String> refusal() {
        Checkpoint own = signedHere;
        Optional<Checkpoint> newest;
        if (own != null) {
            // another instance may have signed the same position since: what counts is the signed hash
            boolean kept = checkpoints.at(own.position()).filter(c -> c.hash().equals(own.hash()))
                    .filter(c -> ChainCheckpoints.genuine(c, key.get())).isPresent();
            if (!kept) {
                return Optional.of("the checkpoint this application signed at position " + own.position() + " ("
                        + own.signedAt() + ") is no longer stored");
            }
            Optional<String> mismatch = mismatch(own);
            if (mismatch.isPresent()) {
                return mismatch;
            }
            newest = newestGenuine(checkpoints.after(own.position()));
        } else {
            newest = newestGenuine(checkpoints.all());
        }
        return newest.flatMap(this::mismatch);
    }

    private Optional<String> mismatch(Checkpoint signed) {
        Optional<String> actual = chain.hashThrough(signed.position());
        if (actual.isPresent() && actual.get().equals(signed.hash())) {
            return Optional.empty();
        }
        return Optional.of("the chain " + actual.map(h -> "hashes to " + h).orElse("has no link ending")
                + " at position " + signed.position() + ", where the checkpoint signed " + signed.signedAt() + " says "
                + signed.hash());
    }

    /** Forged checkpoints are ignored: one dated far ahead would otherwise stop all signing. */
    private Optional<Checkpoint> newestGenuine(List<Checkpoint> found) {
        for (int i = found.size() - 1; i >= 0; i--) {
            if (ChainCheckpoints.genuine(found.get(i), key.get())) {
                return Optional.of(found.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
            linkAndRelease();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Hash chain not extended at shutdown", e);
        }
    }

    /** The holder's last link; releasing lets another node take over at its next run, not after the timeout. */
    private synchronized void linkAndRelease() {
        try {
            claims.extendClaim(claimName, SEGMENT); // only tells whether this node holds it: takes no free claim
        } catch (UnableToClaimTokenException e) {
            return;
        }
        try {
            linkClaimed(true);
        } finally {
            claims.releaseClaim(claimName, SEGMENT);
            claimed = false;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    /**
     * Before the web server starts taking commands and after it has stopped: the checkpoint signed at
     * start then covers only what earlier processes wrote, the one at stop everything this one wrote.
     */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }
}
