package io.ledger.web.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.axonframework.eventhandling.GenericEventMessage;

import io.ledger.eventstore.HashChain;

/**
 * Commands sent inside {@link #at} store events stamped with that instant, as if they had been
 * sent then: the only way to have a history of past days without waiting for them. Axon stamps
 * events from this one clock; it is put back before returning.
 */
final class EventTime {

    private final HashChain chain;

    /**
     * The chain is extended over the back-dated commits at once: left to the linker's next round,
     * they would look recorded days ago and still unlinked to a chain verification in between.
     */
    EventTime(HashChain chain) {
        this.chain = chain;
    }

    void at(Instant instant, Runnable commands) {
        Clock before = GenericEventMessage.clock;
        GenericEventMessage.clock = Clock.fixed(instant, ZoneOffset.UTC);
        try {
            commands.run();
        } finally {
            GenericEventMessage.clock = before;
            chain.catchUp();
        }
    }
}
