package io.ledger.web.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.projections.support.ProjectionProgress;
import io.ledger.web.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends a command and, before the caller reads anything, waits until the projection has seen
 * every event stored so far (read-your-writes). A client never reads a state older than its own
 * last successful command.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;
    private final EventStorageEngine engine;
    private final ProjectionProgress progress;
    private final Duration readYourWritesTimeout;
    private final Timer visible;
    private final Timer timedOut;

    public CommandSender(CommandGateway gateway, EventStorageEngine engine, ProjectionProgress progress,
            @Value("${ledger.read-your-writes-timeout:10s}") Duration readYourWritesTimeout, MeterRegistry registry) {
        this.gateway = gateway;
        this.engine = engine;
        this.progress = progress;
        this.readYourWritesTimeout = readYourWritesTimeout;
        this.visible = waits(registry, "visible");
        this.timedOut = waits(registry, "timeout");
    }

    private static Timer waits(MeterRegistry registry, String outcome) {
        return Timer.builder("ledger.read.your.writes.wait")
                .description("Time a command's answer waited for the read model to show its effect, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    public <R> R send(Object command, String projection) {
        R result = gateway.sendAndWait(command);
        long stored = ((LedgerEventStorageEngine) engine).highWaterMark();
        long start = System.nanoTime();
        boolean caughtUp = progress.awaitPosition(projection, stored, readYourWritesTimeout);
        (caughtUp ? visible : timedOut).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!caughtUp) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "READ_MODEL_LAGGING",
                    "The command was recorded, but its effect is not visible yet. Send the same request again: "
                            + "it is idempotent and will answer once the read model has caught up.");
        }
        return result;
    }
}
