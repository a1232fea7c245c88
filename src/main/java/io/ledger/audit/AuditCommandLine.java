package io.ledger.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.boot.convert.DurationStyle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.ChainVerifier;
import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.LedgerBackup;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.eventstore.PositionCheck;
import io.ledger.storage.EmbeddedMongo;
import io.ledger.storage.LedgerStorage;
import io.ledger.storage.StorageProperties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The auditor's tools without the running application, against a stopped system's data directory
 * (opened read-only) or a {@code MONGODB_URI} (give it a user with read access only):
 *
 * <pre>
 * java -jar incentive-ledger.jar audit verify-chain --data-dir=./data [--expect=POSITION:HASH] [--key-file=…]
 * java -jar incentive-ledger.jar audit reconcile incentive-ledger --data-dir=./data
 * java -jar incentive-ledger.jar audit export-events HY2025 --mongodb-uri=mongodb://…/ledger
 * java -jar incentive-ledger.jar audit export-balances HY2025 [--as-of=2025-06-30T23:59:59Z] --data-dir=./data
 * java -jar incentive-ledger.jar audit backup --to=ledger.backup.gz --mongodb-uri=mongodb://127.0.0.1:27117/ledger
 * java -jar incentive-ledger.jar audit restore ledger.backup.gz --into=./restored
 * </pre>
 *
 * A backup reads a running system (through the embedded server's loopback port, or the replica
 * set); a restore writes only into a new, empty data directory, never into an existing ledger.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks a ledger's history without changing it.",
        subcommands = {AuditCommandLine.VerifyChain.class, AuditCommandLine.Reconcile.class,
            AuditCommandLine.ExportEvents.class, AuditCommandLine.ExportBalances.class,
            AuditCommandLine.CheckpointKey.class, AuditCommandLine.Backup.class, AuditCommandLine.Restore.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the check passed (or the export was written)", "1:the check failed: chain not intact, "
                + "rebuild differs", "2:bad usage: unknown option, missing argument, no store at --data-dir, "
                + "no checkpoint key in --key-file",
            "3:could not run: the store or the key file could not be opened or read"})
public final class AuditCommandLine implements Callable<Integer> {

    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;
    public static final int COULD_NOT_RUN = 3;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /** Warnings and errors to standard error, so that standard output carries only the answer (CSV, JSON). */
    public static void quietLogging() {
        AuditLogging.toStandardError();
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter errors = new PrintWriter(err, true);
        CommandLine commandLine = new CommandLine(new AuditCommandLine())
                .setOut(new PrintWriter(out, true))
                .setErr(errors)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof EmbeddedMongo.MissingStoreException missing) {
                        cmd.getErr().println("audit: " + missing.getMessage());
                        return USAGE;
                    }
                    cmd.getErr().println("audit could not run: " + e);
                    return COULD_NOT_RUN;
                });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("audit: name a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** Where the ledger's data is; shared by every command that reads it. */
    static final class Store {

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
                description = "data directory of a stopped system's embedded store (default: ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--mongodb-uri", paramLabel = "URI", defaultValue = "${env:MONGODB_URI}",
                description = "a MongoDB replica set instead (default: $MONGODB_URI)")
        String mongodbUri;

        @Option(names = "--database", defaultValue = "ledger", description = "database when the URI names none")
        String database;

        LedgerStorage open() {
            return LedgerStorage.openReadOnly(new StorageProperties(mongodbUri, database, dataDir, "127.0.0.1", 0,
                    false, false));
        }

        static LedgerEventStorageEngine engine(LedgerStorage storage) {
            return LedgerEventStorageEngine.builder()
                    .database(storage.database())
                    .eventSerializer(EventSerialization.serializer())
                    .snapshotSerializer(EventSerialization.serializer())
                    // an auditor only ever reads: no index, no counter repair, no seals
                    .readOnly()
                    .build();
        }
    }

    @Command(name = "verify-chain", mixinStandardHelpOptions = true,
            description = "Walks the hash chain and names the first position that fails; writes nothing.")
    static final class VerifyChain implements Callable<Integer> {

        @Mixin
        Store store;

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
                spec.commandLine().getOut().println(json().writeValueAsString(verification));
                if (verification.checkpoints().status() == ChainVerifier.CheckpointStatus.NOT_CHECKED) {
                    spec.commandLine().getErr().println("warning: " + verification.checkpoints().note());
                }
                return verification.intact() ? OK : CHECK_FAILED;
            }
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = "Rebuilds a projection from the events in memory and compares it with the stored one.")
    static final class Reconcile implements Callable<Integer> {

        @Mixin
        Store store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROJECTION", description = "incentive-ledger or payment-facilities")
        String projection;

        @Override
        public Integer call() throws JsonProcessingException {
            if (!Reconciliation.PROJECTIONS.contains(projection)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "PROJECTION must be one of " + Reconciliation.PROJECTIONS);
            }
            try (LedgerStorage storage = store.open()) {
                Reconciliation.Report report = new Reconciliation(Store.engine(storage), storage.database(),
                        (g, p, t) -> true).reconcile(projection, false);
                spec.commandLine().getOut().println(json().writeValueAsString(report));
                return report.identical() ? OK : CHECK_FAILED;
            }
        }
    }

    @Command(name = "export-events", mixinStandardHelpOptions = true,
            description = "Every event of a program as CSV.")
    static final class ExportEvents implements Callable<Integer> {

        @Mixin
        Store store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROGRAM", description = "program id")
        String programId;

        @Override
        public Integer call() {
            try (LedgerStorage storage = store.open()) {
                new AuditService(Store.engine(storage), storage.database())
                        .eventsCsv(programId, spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return OK;
            }
        }
    }

    @Command(name = "export-balances", mixinStandardHelpOptions = true,
            description = "Every enrolled agency's balance as CSV, now or as of an instant.")
    static final class ExportBalances implements Callable<Integer> {

        @Mixin
        Store store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROGRAM", description = "program id")
        String programId;

        @Option(names = "--as-of", paramLabel = "INSTANT", description = "e.g. 2025-06-30T23:59:59Z")
        Instant asOf;

        @Override
        public Integer call() {
            try (LedgerStorage storage = store.open()) {
                new AuditService(Store.engine(storage), storage.database())
                        .balancesCsv(programId, asOf, spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return OK;
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
            return OK;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Writes a consistent backup of the history (events, hash chain, checkpoints) while the "
                    + "system runs; read models are rebuilt from it on restore.")
    static final class Backup implements Callable<Integer> {

        @Mixin
        Store store;

        @Spec
        CommandSpec spec;

        @Option(names = "--to", paramLabel = "FILE", required = true, description = "the backup file to create")
        Path to;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(to)) {
                throw new CommandLine.ParameterException(spec.commandLine(), to + " exists: a backup never overwrites");
            }
            Path partial = to.resolveSibling(to.getFileName() + ".partial");
            try (LedgerStorage storage = store.open()) {
                LedgerBackup.Summary summary;
                try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW)) {
                    summary = LedgerBackup.write(storage.database(), Store.engine(storage), out);
                }
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getOut().println(json().writeValueAsString(summary));
                return OK;
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restores a backup into a new data directory and proves it: every position held once, "
                    + "the counter past the head, the hash chain intact.")
    static final class Restore implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "a file written by audit backup")
        Path from;

        @Option(names = "--into", paramLabel = "DIR", required = true,
                description = "a data directory that does not exist yet (or is empty)")
        Path into;

        @Option(names = "--key-file", paramLabel = "FILE",
                description = "checkpoint key to check signed checkpoints; default: $LEDGER_HASH_CHAIN_KEY")
        String keyFile;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(from)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no backup file at " + from);
            }
            if (Files.exists(into) && (!Files.isDirectory(into) || Files.list(into).findAny().isPresent())) {
                throw new CommandLine.ParameterException(spec.commandLine(), into
                        + " is not empty: a restore writes only into a new data directory");
            }
            Optional<ChainKey> key = key(spec, keyFile);
            try {
                LedgerBackup.check(() -> open(from));
            } catch (IllegalArgumentException damaged) {
                spec.commandLine().getErr().println("restore: " + damaged.getMessage() + "; nothing was written");
                return CHECK_FAILED;
            }
            try (LedgerStorage storage = LedgerStorage.open(new StorageProperties(null, "ledger", into, "127.0.0.1", 0,
                    true, false))) {
                LedgerBackup.Summary summary = LedgerBackup.restore(() -> open(from), storage.database());
                LedgerEventStorageEngine engine = LedgerEventStorageEngine.builder().database(storage.database())
                        .eventSerializer(EventSerialization.serializer())
                        .snapshotSerializer(EventSerialization.serializer()).build();
                new HashChain(storage.database(), engine).catchUp(); // links what the source had not linked yet
                PositionCheck positions = engine.checkPositions();
                ChainVerifier.Verification chain = new ChainVerifier(storage.database(), Duration.ofMinutes(2),
                        Duration.ofMinutes(5), key, Clock.systemUTC()).verify(Optional.empty());
                boolean proven = positions.holds() && chain.intact() && engine.highWaterMark() >= summary.head();
                spec.commandLine().getOut().println(json().writeValueAsString(new Restored(summary, positions,
                        engine.highWaterMark(), chain, proven)));
                return proven ? OK : CHECK_FAILED;
            }
        }

        private static InputStream open(Path file) {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What a restore wrote and what proves it; the read models are rebuilt when the system starts on it. */
    record Restored(LedgerBackup.Summary backup, PositionCheck positions, long positionCounter,
            ChainVerifier.Verification chain, boolean proven) {
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

    private static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
