package io.ledger.application;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.ledger.eventstore.CommitLog;
import io.ledger.projections.support.ProjectionProgress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends a command and, before the caller reads anything, waits until the projection has seen the
 * command's own events (or, for a command that stored nothing, the last stored event): a client
 * never reads a state older than its own last successful command (read-your-writes). Used by the
 * application services of both ledgers, which name the read model to wait for.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;
    private final CommitLog commitLog;
    private final ProjectionProgress progress;
    private final Duration readYourWritesTimeout;
    private final Timer visible;
    private final Timer timedOut;

    public CommandSender(CommandGateway gateway, CommitLog commitLog, ProjectionProgress progress,
            @Value("${ledger.read-your-writes-timeout:10s}") Duration readYourWritesTimeout, MeterRegistry registry) {
        this.gateway = gateway;
        this.commitLog = commitLog;
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

    /** Sends the command and waits for {@code projection} to show its effect; its result, or null. */
    public <R> R send(Object command, String projection) {
        // The message id becomes the correlation id of every event the command causes, retries included.
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
        R result = gateway.sendAndWait(message);
        long stored = commitLog.positionToAwait(message.getIdentifier());
        long start = System.nanoTime();
        boolean caughtUp = progress.awaitPosition(projection, stored, readYourWritesTimeout);
        (caughtUp ? visible : timedOut).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!caughtUp) {
            throw new ReadModelLagging();
        }
        return result;
    }
}
