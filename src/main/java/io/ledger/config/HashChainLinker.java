package io.ledger.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.ledger.eventstore.HashChain;

/** Extends the hash chain over new commits at a fixed interval while the application runs. */
class HashChainLinker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HashChainLinker.class);

    private final HashChain chain;
    private final Duration interval;
    private ScheduledExecutorService executor;

    HashChainLinker(HashChain chain, Duration interval) {
        this.chain = chain;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hash-chain");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                chain.catchUp();
            } catch (RuntimeException e) {
                log.error("Hash chain not extended", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
