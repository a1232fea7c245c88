package io.ledger.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.ledger.config.EventSerialization;
import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.storage.LedgerStorage;
import io.ledger.storage.StorageProperties;

/**
 * The auditor's tools without the running application, against a stopped system's data directory
 * or a {@code MONGODB_URI}:
 *
 * <pre>
 * java -jar incentive-ledger.jar audit verify-chain --data-dir=./data
 * java -jar incentive-ledger.jar audit reconcile incentive-ledger --data-dir=./data
 * java -jar incentive-ledger.jar audit export-events HY2025 --mongodb-uri=mongodb://…/ledger
 * java -jar incentive-ledger.jar audit export-balances HY2025 [--as-of=2025-06-30T23:59:59Z] --data-dir=./data
 * </pre>
 *
 * Exit status 0 when the chain is intact or the rebuild identical, 1 when not, 2 on usage errors.
 */
public final class AuditCommandLine {

    private AuditCommandLine() {
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /** Warnings and errors to standard error, so that standard output carries only the answer (CSV, JSON). */
    public static void quietLogging() {
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        ch.qos.logback.classic.encoder.PatternLayoutEncoder encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{20} - %msg%n");
        encoder.start();
        ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.WARN);
        root.addAppender(appender);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        String[] positional = Arrays.stream(args).filter(a -> {
            if (a.startsWith("--") && a.contains("=")) {
                options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                return false;
            }
            return true;
        }).toArray(String[]::new);
        if (positional.length == 0) {
            err.println("usage: audit verify-chain | reconcile <incentive-ledger|payment-facilities> | "
                    + "export-events <programId> | export-balances <programId> [--as-of=instant] "
                    + "[--data-dir=./data | --mongodb-uri=…]");
            return 2;
        }
        String uri = options.getOrDefault("mongodb-uri", System.getenv("MONGODB_URI"));
        StorageProperties properties = new StorageProperties(uri, "ledger",
                Path.of(options.getOrDefault("data-dir", "./data")), "127.0.0.1",
                Integer.parseInt(options.getOrDefault("embedded-port", "0")), true);
        try (LedgerStorage storage = LedgerStorage.open(properties)) {
            LedgerEventStorageEngine engine = LedgerEventStorageEngine.builder()
                    .database(storage.database())
                    .eventSerializer(EventSerialization.serializer())
                    .snapshotSerializer(EventSerialization.serializer())
                    .build();
            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            switch (positional[0]) {
                case "verify-chain" -> {
                    HashChain chain = new HashChain(storage.database(), engine);
                    chain.catchUp();
                    HashChain.Verification verification = chain.verify();
                    out.println(json.writeValueAsString(verification));
                    return verification.intact() ? 0 : 1;
                }
                case "reconcile" -> {
                    if (positional.length < 2 || !Reconciliation.PROJECTIONS.contains(positional[1])) {
                        err.println("reconcile needs one of " + Reconciliation.PROJECTIONS);
                        return 2;
                    }
                    Reconciliation.Report report = new Reconciliation(engine, storage.database(), (g, p, t) -> true)
                            .reconcile(positional[1], false);
                    out.println(json.writeValueAsString(report));
                    return report.identical() ? 0 : 1;
                }
                case "export-events" -> {
                    out.print(new AuditService(engine, storage.database()).eventsCsv(positional[1]));
                    return 0;
                }
                case "export-balances" -> {
                    Instant asOf = options.containsKey("as-of") ? Instant.parse(options.get("as-of")) : null;
                    out.print(new AuditService(engine, storage.database()).balancesCsv(positional[1], asOf));
                    return 0;
                }
                default -> {
                    err.println("unknown command " + positional[0]);
                    return 2;
                }
            }
        } catch (Exception e) {
            err.println("audit failed: " + e.getMessage());
            return 2;
        }
    }
}
