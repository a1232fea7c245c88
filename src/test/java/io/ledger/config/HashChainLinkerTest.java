package io.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.ChainCheckpoints;
import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.ChainVerifier;
import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.testsupport.TestMongo;

class HashChainLinkerTest {

    record Noted(String text) {
    }

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final ChainKey KEY = ChainKey.parse("hmac-sha256:" + Base64.getEncoder().encodeToString(
            "a secret of at least thirty-two bytes".getBytes()));
    private static final Duration EVERY = Duration.ofMinutes(5);

    private MongoDatabase database;
    private LedgerEventStorageEngine engine;
    private ChainCheckpoints checkpoints;
    private HandClock clock;
    private HashChainLinker linker;
    private int notes;

    @BeforeEach
    void setUp() {
        database = TestMongo.freshDatabase();
        engine = LedgerEventStorageEngine.builder().database(database).eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer()).build();
        checkpoints = new ChainCheckpoints(database);
        clock = new HandClock();
        linker = new HashChainLinker(new HashChain(database, engine), Duration.ofSeconds(1), Optional.of(KEY),
                checkpoints, EVERY, clock);
    }

    private void note() {
        String id = "n" + notes++;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>("Note", id, 0, new Noted(id))));
    }

    @Test
    void signsTheHeadAtOnceThenEveryIntervalWhileItMoves() {
        note();
        linker.link(false);
        assertThat(checkpoints.all()).extracting(ChainCheckpoints.Checkpoint::position).containsExactly(1L);

        note();
        clock.now = clock.now.plus(EVERY).minusSeconds(1);
        linker.link(false);
        assertThat(checkpoints.all()).as("not due yet").hasSize(1);

        clock.now = clock.now.plusSeconds(1);
        linker.link(false);
        assertThat(checkpoints.all()).extracting(ChainCheckpoints.Checkpoint::position).containsExactly(1L, 2L);

        clock.now = clock.now.plus(EVERY);
        linker.link(false);
        assertThat(checkpoints.all()).as("the head did not move").hasSize(2);
    }

    @Test
    void stoppingLinksAndSignsEverythingSoAStoppedSystemVerifies() {
        linker.start();
        note();
        note();
        linker.stop();
        assertThat(checkpoints.newest().orElseThrow().position()).isEqualTo(2L);
        clock.now = clock.now.plus(Duration.ofDays(30));
        ChainVerifier.Verification verification = new ChainVerifier(database, Duration.ofMinutes(2), EVERY,
                Optional.of(KEY), clock).verify();
        assertThat(verification.intact()).as(verification.toString()).isTrue();
        assertThat(verification.checkpoints().genuine()).isEqualTo(1);
    }

    @Test
    void refusesAKeyThatCannotSign() {
        ChainKey publicOnly = ChainKey.parse(ChainKey.generateEd25519()[1]);
        assertThatThrownBy(() -> new HashChainLinker(new HashChain(database, engine), Duration.ofSeconds(1),
                Optional.of(publicOnly), checkpoints, EVERY, clock)).hasMessageContaining("signs");
    }
}
