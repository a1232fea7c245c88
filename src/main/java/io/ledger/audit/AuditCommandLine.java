package io.ledger.audit;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.ledger.storage.EmbeddedMongo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
 * The commands live beside this class by what they touch: {@link ChainCommands},
 * {@link ExportCommands}, {@link BackupCommands}; {@link AuditStore} is the store option they share.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks a ledger's history without changing it.",
        subcommands = {ChainCommands.VerifyChain.class, ExportCommands.Reconcile.class,
            ExportCommands.ExportEvents.class, ExportCommands.ExportBalances.class,
            ChainCommands.CheckpointKey.class, BackupCommands.Backup.class, BackupCommands.Restore.class},
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

    /** The answers are read by people as well as scripts: indented, instants as ISO text. */
    static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
