package io.ledger.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param interval        how often the linker extends the chain
 * @param grace           how long a commit may stay unlinked before the verifier calls the chain
 *                        broken (the interval plus the event store's seal timeout, with room)
 * @param checkpointEvery how often the linker signs a checkpoint of the chain's head
 * @param keyFile         file holding the checkpoint key (see {@code ChainKey})
 * @param key             the checkpoint key itself, e.g. from the secret {@code LEDGER_HASH_CHAIN_KEY}
 */
@ConfigurationProperties("ledger.hash-chain")
public record HashChainProperties(
        @DefaultValue("1s") Duration interval,
        @DefaultValue("2m") Duration grace,
        @DefaultValue("5m") Duration checkpointEvery,
        String keyFile,
        String key) {
}
