package io.ledger.audit;

import java.time.Instant;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.ledger.storage.LedgerStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The audit commands that rebuild or export what the events say: reconciliation and CSV exports. */
final class ExportCommands {

    private ExportCommands() {
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = "Rebuilds a projection from the events in memory and compares it with the stored one.")
    static final class Reconcile implements Callable<Integer> {

        @Mixin
        AuditStore store;

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
                Reconciliation.Report report = new Reconciliation(AuditStore.engine(storage), storage.database(),
                        (g, p, t) -> true).reconcile(projection, false);
                spec.commandLine().getOut().println(AuditCommandLine.json().writeValueAsString(report));
                return report.identical() ? AuditCommandLine.OK : AuditCommandLine.CHECK_FAILED;
            }
        }
    }

    @Command(name = "export-events", mixinStandardHelpOptions = true,
            description = "Every event of a program as CSV.")
    static final class ExportEvents implements Callable<Integer> {

        @Mixin
        AuditStore store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROGRAM", description = "program id")
        String programId;

        @Override
        public Integer call() {
            try (LedgerStorage storage = store.open()) {
                new AuditService(AuditStore.engine(storage), storage.database())
                        .eventsCsv(programId, spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return AuditCommandLine.OK;
            }
        }
    }

    @Command(name = "export-balances", mixinStandardHelpOptions = true,
            description = "Every enrolled agency's balance as CSV, now or as of an instant.")
    static final class ExportBalances implements Callable<Integer> {

        @Mixin
        AuditStore store;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PROGRAM", description = "program id")
        String programId;

        @Option(names = "--as-of", paramLabel = "INSTANT", description = "e.g. 2025-06-30T23:59:59Z")
        Instant asOf;

        @Override
        public Integer call() {
            try (LedgerStorage storage = store.open()) {
                new AuditService(AuditStore.engine(storage), storage.database())
                        .balancesCsv(programId, asOf, spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                return AuditCommandLine.OK;
            }
        }
    }
}
