package io.ledger.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.ledger.LedgerApplication;
import io.ledger.eventstore.CommitLog;
import io.ledger.incentive.api.IncentiveViews.BalanceView;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.projections.incentive.IncentiveQueries;
import io.ledger.projections.support.ProjectionProgress;

/**
 * The application with demo data, stopped and started again on the same data directory: the
 * demo is not loaded twice and every balance is what it was.
 */
class RestartAndDemoTest {

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.storage.data-dir=" + dataDir,
                "--ledger.storage.embedded-port=0",
                "--ledger.storage.embedded-fsync=false",
                "--ledger.demo=true",
                "--axoniq.update-checker.disabled=true");
    }

    private static List<Object> figures(ConfigurableApplicationContext context) {
        // both read models, so that the stopped system's data directory reconciles below
        for (String group : List.of(IncentiveCollections.PROCESSING_GROUP, FacilityCollections.PROCESSING_GROUP)) {
            boolean caughtUp = context.getBean(ProjectionProgress.class).awaitPosition(group, stored(context),
                    Duration.ofSeconds(60));
            assertThat(caughtUp).as(group + " caught up with the store").isTrue();
        }
        IncentiveQueries queries = context.getBean(IncentiveQueries.class);
        List<Object> figures = new ArrayList<>();
        for (String agency : List.of("A001", "A002", "A003", "A004", "A005")) {
            BalanceView b = queries.balance(HengyangDemo.PROGRAM, agency).orElseThrow();
            figures.add(List.of(b.cap(), b.computed(), b.accrued(), b.capped(), b.unfunded(), b.reserved(), b.paid(),
                    b.outstanding(), b.capHeadroom()));
        }
        figures.add(queries.program(HengyangDemo.PROGRAM).orElseThrow().totals());
        figures.add(queries.payouts(HengyangDemo.PROGRAM, null, null, 0, 1000));
        return figures;
    }

    private static long stored(ConfigurableApplicationContext context) {
        return context.getBean(CommitLog.class).highWaterMark();
    }

    @Test
    void aRestartKeepsEveryBalanceAndTheDemoLoadsOnce(@TempDir Path dataDir) {
        List<Object> before;
        long storedBefore;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            before = figures(first);
            storedBefore = stored(first);
            IncentiveQueries queries = first.getBean(IncentiveQueries.class);
            assertThat(queries.program(HengyangDemo.PROGRAM).orElseThrow().agencyAnnualCap().toString())
                    .isEqualTo("3000000.00");
            assertThat(queries.payouts(HengyangDemo.PROGRAM, null, PayoutStatus.SETTLED, 0, 1000)).hasSize(1);
            assertThat(queries.report(HengyangDemo.PROGRAM, "HY25-A003-0002").orElseThrow().status())
                    .isEqualTo(ReportStatus.REJECTED);
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            assertThat(stored(second)).as("loading the demo again stored nothing").isEqualTo(storedBefore);
            assertThat(figures(second)).isEqualTo(before);
            second.getBean(io.ledger.eventstore.HashChain.class).catchUp();
        }

        // the auditor's command line on the stopped system's data directory
        assertThat(audit("verify-chain", "--data-dir=" + dataDir)).contains("\"intact\" : true");
        assertThat(audit("reconcile", "incentive-ledger", "--data-dir=" + dataDir)).contains("\"identical\" : true");
        assertThat(audit("reconcile", "payment-facilities", "--data-dir=" + dataDir)).contains("\"identical\" : true");
        String balances = audit("export-balances", HengyangDemo.PROGRAM, "--data-dir=" + dataDir);
        assertThat(balances.split("\n")).hasSize(6);
        assertThat(balances).contains("HY2025,A001,3000000.00,");
    }

    private static String audit(String... args) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int status = io.ledger.audit.AuditCommandLine.run(args, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        assertThat(status).as(err + "\n" + out).isZero();
        return out.toString();
    }
}
