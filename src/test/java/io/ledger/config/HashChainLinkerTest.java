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
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoTimeoutException;
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
    private static final String CLAIM = "hash-chain-linker";
    /** Axon's default: no claim expires while a test runs. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

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
        linker = linkerOn("node-a", CLAIM_TIMEOUT, Duration.ofSeconds(1));
    }

    /** The builder of {@code node}'s token store, its claims expiring after {@code claimTimeout}. */
    private MongoTokenStore.Builder tokenStoreOf(String node, Duration claimTimeout) {
        return MongoTokenStore.builder().mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(EventSerialization.serializer()).nodeId(node).claimTimeout(claimTimeout);
    }

    private HashChainLinker linkerOn(String node, Duration claimTimeout, Duration interval) {
        return linkerWith(tokenStoreOf(node, claimTimeout).build(), interval);
    }

    private HashChainLinker linkerWith(TokenStore claims, Duration interval) {
        return new HashChainLinker(new HashChain(database, engine), claims, CLAIM, interval, Optional.of(KEY),
                checkpoints, EVERY, clock);
    }

    /** A commit recorded at the hand clock's time. */
    private void note() {
        String id = "n" + notes++;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>("Note", id, 0, new Noted(id),
                MetaData.with("user", "officer1"), UUID.randomUUID().toString(), clock.now)));
    }

    /**
     * The linker of a process started later on the same node (its claims are the node's): it remembers
     * nothing, and its own timer never fires in a test.
     */
    private HashChainLinker anotherProcess() {
        return linkerOn("node-a", CLAIM_TIMEOUT, Duration.ofHours(1));
    }

    /** Where the chain's links reach, 0 before the first. */
    private long linkedThrough() {
        return new HashChain(database, engine).head().map(HashChain.Head::position).orElse(0L);
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
        assertThatThrownBy(() -> new HashChainLinker(new HashChain(database, engine),
                tokenStoreOf("node-a", CLAIM_TIMEOUT).build(), CLAIM, Duration.ofSeconds(1), Optional.of(publicOnly),
                checkpoints, EVERY, clock)).hasMessageContaining("signs");
    }

    @Test
    void onlyTheNodeHoldingTheClaimLinksAndSigns() {
        HashChainLinker a = linkerOn("node-a", CLAIM_TIMEOUT, Duration.ofHours(1));
        HashChainLinker b = linkerOn("node-b", CLAIM_TIMEOUT, Duration.ofHours(1));
        note();
        a.link(false);
        assertThat(linkedThrough()).isEqualTo(1);

        note();
        clock.now = clock.now.plus(EVERY);
        b.link(false);
        b.start(); // the start-up link too
        b.stop(); // and the last one
        assertThat(linkedThrough()).as("node-b does not hold the claim").isEqualTo(1);
        assertThat(b.signedHere()).isEmpty();

        a.link(false);
        assertThat(linkedThrough()).isEqualTo(2);
        assertThat(signedPositions()).containsExactly(1L, 2L);
        assertThat(verify(b).intact()).as("a node that never signed holds the store to nothing of its own").isTrue();
        assertThat(database.getCollection("trackingtokens").countDocuments(eq("processorName", CLAIM))).isEqualTo(1);
    }

    @Test
    void whenTheHolderStopsAnotherNodeLinksAtItsNextRun() {
        HashChainLinker a = linkerOn("node-a", CLAIM_TIMEOUT, Duration.ofHours(1));
        HashChainLinker b = linkerOn("node-b", CLAIM_TIMEOUT, Duration.ofHours(1));
        a.start();
        note();
        b.link(false);
        assertThat(linkedThrough()).isZero();

        a.stop();
        assertThat(linkedThrough()).as("the holder's last link").isEqualTo(1);
        note();
        b.link(false);
        assertThat(linkedThrough()).as("released: no waiting for the claim to expire").isEqualTo(2);
    }

    @Test
    void aCheckpointIsDueEveryIntervalAfterTheNewestWhicheverNodeSignedIt() {
        HashChainLinker a = linkerOn("node-a", CLAIM_TIMEOUT, Duration.ofHours(1));
        HashChainLinker b = linkerOn("node-b", CLAIM_TIMEOUT, Duration.ofHours(1));
        note();
        a.link(false);
        a.start();
        a.stop();
        clock.now = clock.now.plus(EVERY);
        note();
        b.link(false);
        b.start();
        b.stop();
        assertThat(signedPositions()).containsExactly(1L, 2L);

        clock.now = clock.now.plus(Duration.ofMinutes(1));
        note();
        a.link(false);
        assertThat(signedPositions()).as("node-b signed a minute ago").containsExactly(1L, 2L);
        assertThat(verify(a).intact()).as("what node-a signed before the claim moved is still stored").isTrue();
        assertThat(verify(b).intact()).isTrue();
    }

    @Test
    void whenTheHolderDiesAnotherNodeTakesOverOnceTheClaimExpires() throws InterruptedException {
        Duration timeout = Duration.ofMillis(500);
        HashChainLinker a = linkerOn("node-a", timeout, Duration.ofHours(1));
        HashChainLinker b = linkerOn("node-b", timeout, Duration.ofHours(1));
        Instant claimedBy = Instant.now(); // the token store's own clock
        note();
        a.link(false);
        note(); // then node-a dies: it neither links nor releases again

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (linkedThrough() < 2 && System.nanoTime() < deadline) {
            b.link(false);
            Thread.sleep(20);
        }
        Instant tookOver = Instant.now();
        assertThat(linkedThrough()).as("node-b took over").isEqualTo(2);
        assertThat(Duration.between(claimedBy, tookOver)).as("not before node-a's claim expired")
                .isGreaterThanOrEqualTo(timeout);
    }

    @Test
    void aClaimTheStoreDidNotAnswerIsTriedAgainAtTheNextRun() throws InterruptedException {
        TokenStore flaky = new MongoTokenStore(tokenStoreOf("node-a", CLAIM_TIMEOUT)) {
            private int unanswered = 2; // the start-up link and the first run

            @Override
            public TrackingToken fetchToken(String processorName, int segment) {
                if (unanswered-- > 0) {
                    throw new MongoTimeoutException("the store did not answer");
                }
                return super.fetchToken(processorName, segment);
            }
        };
        HashChainLinker timed = linkerWith(flaky, Duration.ofMillis(20));
        note();
        timed.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (linkedThrough() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(linkedThrough()).isEqualTo(1);
        } finally {
            timed.stop();
        }
    }

    @Test
    void aNodeThatLosesTheRaceToCreateTheClaimCarriesOn() {
        HashChainLinker a = linkerOn("node-a", CLAIM_TIMEOUT, Duration.ofHours(1));
        note();
        a.link(false);
        // node-b looked for the claim before node-a created it, and inserts its own after
        TokenStore late = new MongoTokenStore(tokenStoreOf("node-b", CLAIM_TIMEOUT)) {
            private boolean looking = true;

            @Override
            public int[] fetchSegments(String processorName) {
                return looking ? new int[0] : super.fetchSegments(processorName);
            }

            @Override
            public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
                try {
                    super.initializeTokenSegments(processorName, segmentCount, initialToken);
                } finally {
                    looking = false;
                }
            }
        };
        HashChainLinker b = linkerWith(late, Duration.ofHours(1));

        note();
        b.link(false);
        assertThat(linkedThrough()).as("node-a holds the claim").isEqualTo(1);
        assertThat(database.getCollection("trackingtokens").countDocuments(eq("processorName", CLAIM))).isEqualTo(1);
    }
}
