package io.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;

import io.ledger.eventstore.ChainCheckpoints.Checkpoint;
import io.ledger.eventstore.ChainCheckpoints;
import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.ChainVerifier.Failure;
import io.ledger.eventstore.ChainVerifier.FailureKind;
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
    private static final Duration GRACE = Duration.ofMinutes(2);

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

    /** A commit recorded at the hand clock's time. */
    private void note() {
        String id = "n" + notes++;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>("Note", id, 0, new Noted(id),
                MetaData.with("user", "officer1"), UUID.randomUUID().toString(), clock.now)));
    }

    /** The linker of a process started later: it remembers nothing, and its own timer never fires in a test. */
    private HashChainLinker anotherProcess() {
        return new HashChainLinker(new HashChain(database, engine), Duration.ofHours(1), Optional.of(KEY), checkpoints,
                EVERY, clock);
    }

    private ChainVerifier.Verification verify(HashChainLinker running) {
        return new ChainVerifier(database, GRACE, EVERY, Optional.of(KEY), clock, running::signedHere).verify();
    }

    private List<Long> signedPositions() {
        return checkpoints.all().stream().map(Checkpoint::position).toList();
    }

    /** What someone with write access to the database can do: history changed, the chain rebuilt to match. */
    private void rewriteCommitAndRebuildTheChain(long position) {
        database.getCollection("events").updateOne(eq("_id", position),
                Updates.set("events.0.metadata.user", "mallory"));
        database.getCollection(HashChain.LINKS).deleteMany(new Document());
        database.getCollection("event_chain_head").deleteMany(new Document());
        new HashChain(database, engine).catchUp();
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
        assertThat(signedPositions()).last().isEqualTo(2L);
        clock.now = clock.now.plus(Duration.ofDays(30));
        ChainVerifier.Verification verification = new ChainVerifier(database, GRACE, EVERY,
                Optional.of(KEY), clock).verify();
        assertThat(verification.intact()).as(verification.toString()).isTrue();
        assertThat(verification.checkpoints().genuine()).isEqualTo(1);
    }

    @Test
    void refusesToSignAChainRebuiltAfterItsCheckpointsWereDeleted() {
        note();
        note();
        linker.link(false);
        clock.now = clock.now.plus(EVERY);
        note();
        linker.link(false);
        assertThat(signedPositions()).containsExactly(2L, 3L);

        database.getCollection(ChainCheckpoints.COLLECTION).deleteMany(new Document());
        rewriteCommitAndRebuildTheChain(2);
        clock.now = clock.now.plus(EVERY);
        note();
        linker.link(false);
        linker.link(true);

        assertThat(signedPositions()).as("nothing signed over the rebuilt chain").isEmpty();
        ChainVerifier.Verification verification = verify(linker);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.failures()).extracting(Failure::kind, Failure::position).contains(
                tuple(FailureKind.CHECKPOINT_REMOVED, 3L), tuple(FailureKind.CHECKPOINT_MISMATCH, 3L));
    }

    @Test
    void aRestartedProcessRefusesToSignWhenTheNewestCheckpointNoLongerMatches() {
        note();
        note();
        linker.link(false);
        rewriteCommitAndRebuildTheChain(1);

        HashChainLinker restarted = anotherProcess();
        clock.now = clock.now.plus(EVERY);
        note();
        restarted.link(false);

        assertThat(signedPositions()).containsExactly(2L);
        ChainVerifier.Verification verification = verify(restarted);
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBadPosition()).isEqualTo(2L);
        assertThat(verification.failures().get(0).kind()).isEqualTo(FailureKind.CHECKPOINT_MISMATCH);
    }

    @Test
    void twoInstancesSigningTheSameStoreDoNotTakeEachOtherForAnAttacker() {
        HashChainLinker other = anotherProcess();
        note();
        linker.link(false);
        // the other instance, its clock a second behind, signs the same head, replacing the stored document
        checkpoints.write(KEY, 1, checkpoints.at(1).orElseThrow().hash(), clock.now.minusSeconds(1));
        for (int round = 0; round < 4; round++) {
            clock.now = clock.now.plus(EVERY);
            note();
            (round % 2 == 0 ? other : linker).link(false);
        }

        assertThat(signedPositions()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(verify(linker).intact()).as(verify(linker).toString()).isTrue();
        assertThat(verify(other).intact()).isTrue();
    }

    @Test
    void aProcessThatDiedIsCoveredAtTheNextStartNotTakenForARemovedCheckpoint() {
        note();
        note();
        linker.link(false);
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        note(); // then the process dies: no checkpoint covers position 3

        clock.now = clock.now.plus(Duration.ofHours(2));
        HashChainLinker restarted = anotherProcess();
        restarted.start();
        try {
            note();
            clock.now = clock.now.plus(Duration.ofMinutes(1));
            restarted.link(false);
            ChainVerifier.Verification verification = verify(restarted);
            assertThat(verification.intact()).as(verification.toString()).isTrue();
        } finally {
            restarted.stop();
        }
        assertThat(signedPositions()).containsExactly(2L, 3L, 4L);
    }

    @Test
    void refusesAKeyThatCannotSign() {
        ChainKey publicOnly = ChainKey.parse(ChainKey.generateEd25519()[1]);
        assertThatThrownBy(() -> new HashChainLinker(new HashChain(database, engine), Duration.ofSeconds(1),
                Optional.of(publicOnly), checkpoints, EVERY, clock)).hasMessageContaining("signs");
    }
}
