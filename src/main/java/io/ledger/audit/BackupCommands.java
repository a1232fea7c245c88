package io.ledger.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.ChainVerifier;
import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.LedgerBackup;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.eventstore.PositionCheck;
import io.ledger.storage.LedgerStorage;
import io.ledger.storage.StorageProperties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Backing up a running ledger and restoring a backup into a new data directory, proven on the way. */
final class BackupCommands {

    private BackupCommands() {
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Writes a consistent backup of the history (events, hash chain, checkpoints) while the "
                    + "system runs; read models are rebuilt from it on restore.")
    static final class Backup implements Callable<Integer> {

        @Mixin
        AuditStore store;

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
                    summary = LedgerBackup.write(storage.database(), AuditStore.engine(storage), out);
                }
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getOut().println(AuditCommandLine.json().writeValueAsString(summary));
                return AuditCommandLine.OK;
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
            Optional<ChainKey> key = ChainCommands.key(spec, keyFile);
            try {
                LedgerBackup.check(() -> open(from));
            } catch (IllegalArgumentException damaged) {
                spec.commandLine().getErr().println("restore: " + damaged.getMessage() + "; nothing was written");
                return AuditCommandLine.CHECK_FAILED;
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
                spec.commandLine().getOut().println(AuditCommandLine.json().writeValueAsString(new Restored(summary, positions,
                        engine.highWaterMark(), chain, proven)));
                return proven ? AuditCommandLine.OK : AuditCommandLine.CHECK_FAILED;
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
}
