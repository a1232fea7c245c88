package io.ledger.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.boot.convert.DurationStyle;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.ChainVerifier;
import io.ledger.storage.LedgerStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The audit commands of the hash chain: verifying it, and making a checkpoint key. */
final class ChainCommands {

    private ChainCommands() {
    }

    @Command(name = "verify-chain", mixinStandardHelpOptions = true,
            description = "Walks the hash chain and names the first position that fails; writes nothing.")
    static final class VerifyChain implements Callable<Integer> {

        @Mixin
        AuditStore store;

        @Spec
        CommandSpec spec;

        @Option(names = "--expect", paramLabel = "POSITION:HASH",
                description = "a head published earlier: the chain must hash to HASH at POSITION")
        String expect;

        @Option(names = "--key-file", paramLabel = "FILE",
                description = "checkpoint key (an ed25519-public: key is enough); default: $LEDGER_HASH_CHAIN_KEY")
        String keyFile;

        @Option(names = "--grace", defaultValue = "2m",
                description = "how long a commit may stay unlinked (default: ${DEFAULT-VALUE})")
        String grace;

        @Option(names = "--checkpoint-every", defaultValue = "5m",
                description = "the linker's checkpoint interval (default: ${DEFAULT-VALUE})")
        String checkpointEvery;

        @Override
        public Integer call() throws JsonProcessingException {
            Optional<ChainVerifier.ExpectedHead> expected;
            Optional<ChainKey> key;
            Duration graceDuration;
            Duration every;
            try {
                expected = expect == null ? Optional.empty() : Optional.of(ChainVerifier.ExpectedHead.parse(expect));
                key = key(spec, keyFile);
                graceDuration = DurationStyle.detectAndParse(grace);
                every = DurationStyle.detectAndParse(checkpointEvery);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            try (LedgerStorage storage = store.open()) {
                ChainVerifier.Verification verification = new ChainVerifier(storage.database(), graceDuration, every,
                        key, Clock.systemUTC()).verify(expected);
                spec.commandLine().getOut().println(AuditCommandLine.json().writeValueAsString(verification));
                if (verification.checkpoints().status() == ChainVerifier.CheckpointStatus.NOT_CHECKED) {
                    spec.commandLine().getErr().println("warning: " + verification.checkpoints().note());
                }
                return verification.intact() ? AuditCommandLine.OK : AuditCommandLine.CHECK_FAILED;
            }
        }
    }

    @Command(name = "new-checkpoint-key", mixinStandardHelpOptions = true,
            description = "Prints a fresh checkpoint key: for ed25519 the linker's line, then the auditor's.")
    static final class CheckpointKey implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--algorithm", defaultValue = "ed25519", description = "ed25519 or hmac-sha256")
        String algorithm;

        @Override
        public Integer call() {
            switch (algorithm) {
                case "ed25519" -> {
                    for (String line : ChainKey.generateEd25519()) {
                        spec.commandLine().getOut().println(line);
                    }
                }
                case "hmac-sha256" -> {
                    byte[] secret = new byte[32];
                    new SecureRandom().nextBytes(secret);
                    spec.commandLine().getOut().println("hmac-sha256:" + Base64.getEncoder().encodeToString(secret));
                }
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--algorithm must be ed25519 or hmac-sha256");
            }
            return AuditCommandLine.OK;
        }
    }

    /**
     * The checkpoint key of {@code --key-file}, else of {@code LEDGER_HASH_CHAIN_KEY}. A file that is not
     * there or does not hold a key is bad usage, like a typo in {@code --data-dir}; one that exists but
     * cannot be read, like a store that cannot be opened, means the check could not run.
     */
    static Optional<ChainKey> key(CommandSpec spec, String keyFile) {
        try {
            if (keyFile != null && !keyFile.isBlank() && !Files.exists(Path.of(keyFile))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--key-file: no such file " + keyFile);
            }
            return ChainKey.load(keyFile, System.getenv("LEDGER_HASH_CHAIN_KEY"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
