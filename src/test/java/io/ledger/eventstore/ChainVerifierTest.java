package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static io.ledger.eventstore.StoreFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;

import io.ledger.eventstore.ChainCheckpoints.Checkpoint;
import io.ledger.eventstore.ChainVerifier.CheckpointStatus;
import io.ledger.eventstore.ChainVerifier.ExpectedHead;
import io.ledger.eventstore.ChainVerifier.Failure;
import io.ledger.eventstore.ChainVerifier.FailureKind;
import io.ledger.eventstore.ChainVerifier.Verification;
import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.testsupport.TestMongo;

class ChainVerifierTest {

    private static final Duration GRACE = Duration.ofMinutes(2);
    private static final Duration EVERY = Duration.ofMinutes(5);
    private static final ChainKey HMAC = ChainKey.parse("hmac-sha256:" + Base64.getEncoder().encodeToString(new byte[32]));

    private MongoDatabase database;
    private LedgerEventStorageEngine engine;
    private HashChain chain;

    @BeforeEach
    void setUp() {
        database = TestMongo.freshDatabase();
        engine = StoreFixtures.engine(database);
        chain = new HashChain(database, engine);
        for (int i = 0; i < 20; i++) {
            engine.appendEvents(List.of(event("a" + i, 0, new Opened("a" + i, "x")),
                    event("a" + i, 1, new Deposited("a" + i, 100))));
        }
        chain.catchUp();
    }

    private Verification verify(Optional<ChainKey> key, Duration later, Optional<ExpectedHead> expected) {
        Clock clock = Clock.fixed(Instant.now().plus(later), ZoneOffset.UTC);
        return new ChainVerifier(database, GRACE, EVERY, key, clock).verify(expected);
    }

    private Verification verify() {
        return verify(Optional.empty(), Duration.ZERO, Optional.empty());
    }

    private void changeUserOfCommitAt(long position) {
        database.getCollection("events").updateOne(eq("_id", position), Updates.set("events.0.metadata.user", "mallory"));
    }

    /** Rewrites history and rebuilds a chain consistent with it, as someone with database access could. */
    private void rewriteConsistently() {
        changeUserOfCommitAt(11);
        database.getCollection(HashChain.LINKS).deleteMany(new Document());
        database.getCollection(HashChain.HEAD).deleteMany(new Document());
        new HashChain(database, engine).catchUp();
    }

    @Nested
    class Links {

        @Test
        void aPositionLeftEmptyLongerThanTheGraceIsNamed() {
            // a writer reserved position 41 and died; 42 was written after it and is long overdue for linking
            database.getCollection("event_counters").updateOne(eq("_id", "globalPosition"), Updates.inc("last", 1L));
            engine.appendEvents(List.of(event("late", 0, new Opened("late", "y"))));

            assertThat(verify().intact()).as("within the grace: a write in flight").isTrue();
            Verification later = verify(Optional.empty(), GRACE.plusMinutes(1), Optional.empty());
            assertThat(later.intact()).isFalse();
            assertThat(later.firstBadPosition()).isEqualTo(41L);
            assertThat(later.failures().get(0).kind()).isEqualTo(FailureKind.POSITION_NOT_HELD);
        }

        @Test
        void aPositionHeldByTwoDocumentsIsNamedEvenBeyondTheChainsHead() {
            engine.appendEvents(List.of(event("b", 0, new Opened("b", "y")), event("b", 1, new Deposited("b", 1))));
            // a commit acknowledged inside another's range (the counter was behind): no reader delivers it
            database.getCollection("events", org.bson.BsonDocument.class).insertOne(
                    LedgerEventStorageEngine.commitDocument(List.of(event("c", 0, new Opened("c", "z"))),
                            EventSerialization.serializer(), 42));

            Verification verification = verify();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBadPosition()).isEqualTo(42L);
            assertThat(verification.failures().get(0).kind()).isEqualTo(FailureKind.POSITION_HELD_TWICE);
        }

        @Test
        void aRemovedLinkAndAnEditedCommitAfterItAreNamed() {
            database.getCollection(HashChain.LINKS).deleteOne(eq("_id", 9L));
            changeUserOfCommitAt(11);

            Verification verification = verify();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBadPosition()).isEqualTo(9L);
            assertThat(verification.failures().get(0).kind()).isEqualTo(FailureKind.LINK_MISSING);
        }

        @Test
        void aRemovedLinkIsNamedEvenWithoutTheHead() {
            database.getCollection(HashChain.LINKS).deleteOne(eq("_id", 9L));
            database.getCollection(HashChain.HEAD).deleteMany(new Document());

            assertThat(verify().firstBadPosition()).isEqualTo(9L);
        }

        @Test
        void theLastLinkRemovedContradictsTheHead() {
            database.getCollection(HashChain.LINKS).deleteOne(eq("_id", 39L));

            Verification verification = verify();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBadPosition()).isEqualTo(39L);
        }

        @Test
        void commitsNotYetLinkedAreFineWithinTheGraceAndBrokenAfterIt() {
            engine.appendEvents(List.of(event("b", 0, new Opened("b", "y"))));
            assertThat(verify().intact()).isTrue();
            assertThat(verify().unchainedCommits()).isEqualTo(1);

            Verification late = verify(Optional.empty(), GRACE.plusSeconds(1), Optional.empty());
            assertThat(late.intact()).isFalse();
            assertThat(late.firstBadPosition()).isEqualTo(41L);
            assertThat(late.failures().get(0).kind()).isEqualTo(FailureKind.NOT_LINKED_IN_TIME);
        }

        @Test
        void anEditedHeadIsNamed() {
            database.getCollection(HashChain.HEAD).updateOne(eq("_id", "head"), Updates.set("hash", "c".repeat(64)));
            Verification verification = verify();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.failures().get(0).kind()).isEqualTo(FailureKind.HEAD_CHANGED);
        }

        @Test
        void aChainBeingExtendedMeanwhileIsStillIntact() throws Exception {
            Thread linker = new Thread(() -> {
                for (int i = 0; i < 150; i++) {
                    engine.appendEvents(List.of(event("c" + i, 0, new Opened("c" + i, "z"))));
                    chain.catchUp();
                }
            });
            linker.start();
            int verifications = 0;
            while (linker.isAlive() || verifications == 0) {
                Verification verification = verify();
                assertThat(verification.intact()).as(verification.toString()).isTrue();
                verifications++;
            }
            linker.join();
        }

        @Test
        void verifyingWritesNothing() {
            engine.appendEvents(List.of(event("b", 0, new Opened("b", "y"))));
            Map<String, Long> before = counts();
            verify();
            verify(Optional.of(HMAC), Duration.ofHours(1), Optional.of(new ExpectedHead(2, "0".repeat(64))));
            assertThat(counts()).isEqualTo(before);
        }

        private Map<String, Long> counts() {
            Map<String, Long> counts = new TreeMap<>();
            database.listCollectionNames().forEach(n -> counts.put(n, database.getCollection(n).countDocuments()));
            return counts;
        }
    }

    @Nested
    class Checkpoints {

        @Test
        void withoutAKeyTheyAreReportedUnchecked() {
            new ChainCheckpoints(database).write(HMAC, 40, chain.head().orElseThrow().hash(), Instant.now());
            Verification verification = verify();
            assertThat(verification.intact()).isTrue();
            assertThat(verification.checkpoints().status()).isEqualTo(CheckpointStatus.NOT_CHECKED);
            assertThat(verification.checkpoints().present()).isEqualTo(1);
            assertThat(verification.checkpoints().note()).contains("could not be checked");
        }

        @Test
        void aConsistentRewriteContradictsTheCheckpointSignedBefore() {
            new ChainCheckpoints(database).write(HMAC, 40, chain.head().orElseThrow().hash(), Instant.now());
            assertThat(verify(Optional.of(HMAC), Duration.ZERO, Optional.empty()).intact()).isTrue();

            rewriteConsistently();
            assertThat(verify().intact()).as("the chain alone cannot tell").isTrue();
            Verification verification = verify(Optional.of(HMAC), Duration.ZERO, Optional.empty());
            assertThat(verification.intact()).isFalse();
            assertThat(verification.failures().get(0).kind()).isEqualTo(FailureKind.CHECKPOINT_MISMATCH);
            assertThat(verification.firstBadPosition()).isEqualTo(40L);
        }

        @Test
        void aCheckpointSignedWithoutTheKeyIsForged() {
            byte[] secret = new byte[32];
            secret[0] = 1;
            ChainKey other = ChainKey.parse("hmac-sha256:" + Base64.getEncoder().encodeToString(secret));
            new ChainCheckpoints(database).write(other, 40, chain.head().orElseThrow().hash(), Instant.now());

            Verification verification = verify(Optional.of(HMAC), Duration.ZERO, Optional.empty());
            assertThat(verification.intact()).isFalse();
            assertThat(verification.failures().get(0).kind()).isEqualTo(FailureKind.CHECKPOINT_FORGED);
        }

        @Test
        void anAuditorChecksEd25519CheckpointsWithThePublicHalfOnly() {
            String[] lines = ChainKey.generateEd25519();
            ChainKey linker = ChainKey.parse(lines[0]);
            ChainKey auditor = ChainKey.parse(lines[1]);
            assertThat(auditor.canSign()).isFalse();
            new ChainCheckpoints(database).write(linker, 40, chain.head().orElseThrow().hash(), Instant.now());
            Verification verification = verify(Optional.of(auditor), Duration.ZERO, Optional.empty());
            assertThat(verification.intact()).isTrue();
            assertThat(verification.checkpoints().genuine()).isEqualTo(1);

            rewriteConsistently();
            assertThat(verify(Optional.of(auditor), Duration.ZERO, Optional.empty()).intact()).isFalse();
        }

        @Test
        void historyLeftWithoutACheckpointTooLongIsBroken() {
            assertThat(verify(Optional.of(HMAC), Duration.ZERO, Optional.empty()).intact()).isTrue();
            Verification late = verify(Optional.of(HMAC), EVERY.plus(GRACE).plusSeconds(1), Optional.empty());
            assertThat(late.intact()).isFalse();
            assertThat(late.failures().get(0).kind()).isEqualTo(FailureKind.NOT_CHECKPOINTED_IN_TIME);
            assertThat(late.firstBadPosition()).isEqualTo(1L);
        }
    }

    /**
     * A busy quarter of an hour as the linker signs it: a commit every minute (positions 41 to 55),
     * a checkpoint every five (at 45, 50 and 55), after the twenty commits of the set-up (1 to 40).
     */
    @Nested
    class CheckpointsOverTime {

        private Instant start;

        @BeforeEach
        void busyQuarterOfAnHour() {
            start = Instant.now();
            for (int minute = 1; minute <= 15; minute++) {
                Instant at = start.plus(Duration.ofMinutes(minute));
                engine.appendEvents(List.of(event("t" + minute, 0, new Opened("t" + minute, "x"), at)));
                chain.catchUp();
                if (minute % 5 == 0) {
                    sign(HMAC, chain.head().orElseThrow().position(), at.plusSeconds(1));
                }
            }
        }

        private void sign(ChainKey key, long position, Instant at) {
            String hash = chain.hashThrough(position).orElseThrow();
            new ChainCheckpoints(database).write(key, position, hash, at);
        }

        private Verification verifyAfterTheQuarter() {
            return verify(Optional.of(HMAC), Duration.ofMinutes(16), Optional.empty());
        }

        @Test
        void checkpointsAtTheLinkersPaceAreIntact() {
            Verification verification = verifyAfterTheQuarter();
            assertThat(verification.intact()).as(verification.toString()).isTrue();
            assertThat(verification.checkpoints().genuine()).isEqualTo(3);
            assertThat(verification.checkpoints().note()).contains("positions 1 to 45");
        }

        @Test
        void aRemovedCheckpointLeavesAGapThatIsNamed() {
            database.getCollection(ChainCheckpoints.COLLECTION).deleteOne(eq("_id", 50L));

            Verification verification = verifyAfterTheQuarter();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.failures()).extracting(Failure::kind).containsExactly(FailureKind.CHECKPOINT_GAP);
            // 46 was recorded at minute 6, 54 at minute 14: more than five minutes and the grace apart
            assertThat(verification.firstBadPosition()).isEqualTo(54L);
            assertThat(verification.problem()).contains("after position 46");
        }

        @Test
        void aCommitLinkedOnlyAfterARestartIsNoGap() {
            // the process died with a commit written at minute 16 waiting behind an open position; it starts
            // again at minute 60, signs what it can, then links that commit with the new ones
            long before = chain.head().orElseThrow().position();
            sign(HMAC, before, start.plus(Duration.ofMinutes(60)));
            engine.appendEvents(List.of(event("late", 0, new Opened("late", "x"), start.plus(Duration.ofMinutes(16)))));
            for (int minute = 61; minute <= 64; minute++) {
                engine.appendEvents(List.of(event("r" + minute, 0, new Opened("r" + minute, "x"),
                        start.plus(Duration.ofMinutes(minute)))));
            }
            chain.catchUp();
            sign(HMAC, chain.head().orElseThrow().position(), start.plus(Duration.ofMinutes(65)));

            Verification verification = verify(Optional.of(HMAC), Duration.ofMinutes(66), Optional.empty());
            assertThat(verification.intact()).as(verification.toString()).isTrue();
        }

        @Test
        void aForgedCheckpointAmongGenuineOnesIsNamedAlone() {
            byte[] secret = new byte[32];
            secret[0] = 1;
            sign(ChainKey.parse("hmac-sha256:" + Base64.getEncoder().encodeToString(secret)), 52, start);

            Verification verification = verifyAfterTheQuarter();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.failures()).extracting(Failure::kind, Failure::position)
                    .containsExactly(tuple(FailureKind.CHECKPOINT_FORGED, 52L));
            assertThat(verification.checkpoints().present()).isEqualTo(4);
            assertThat(verification.checkpoints().genuine()).isEqualTo(3);
        }

        @Test
        void everyGenuineCheckpointIsHeldToTheChainNotOnlyTheNewest() {
            changeUserOfCommitAt(43);
            database.getCollection(HashChain.LINKS).deleteMany(new Document());
            database.getCollection(HashChain.HEAD).deleteMany(new Document());
            new HashChain(database, engine).catchUp();

            Verification verification = verifyAfterTheQuarter();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.firstBadPosition()).isEqualTo(45L);
            assertThat(verification.failures()).extracting(Failure::kind, Failure::position).containsExactly(
                    tuple(FailureKind.CHECKPOINT_MISMATCH, 45L), tuple(FailureKind.CHECKPOINT_MISMATCH, 50L),
                    tuple(FailureKind.CHECKPOINT_MISMATCH, 55L));
        }

        @Test
        void aCheckpointTheApplicationSignedMustStillBeStored() {
            Checkpoint signedHere = new ChainCheckpoints(database).at(55).orElseThrow();
            database.getCollection(ChainCheckpoints.COLLECTION).deleteOne(eq("_id", 55L));
            Clock clock = Clock.fixed(start.plus(Duration.ofMinutes(16)), ZoneOffset.UTC);

            assertThat(new ChainVerifier(database, GRACE, EVERY, Optional.of(HMAC), clock).verify().intact())
                    .as("the newest removed: too soon for the commits after 50 to be overdue").isTrue();
            Verification verification = new ChainVerifier(database, GRACE, EVERY, Optional.of(HMAC), clock,
                    () -> Optional.of(signedHere)).verify();
            assertThat(verification.intact()).isFalse();
            assertThat(verification.failures()).extracting(Failure::kind, Failure::position)
                    .containsExactly(tuple(FailureKind.CHECKPOINT_REMOVED, 55L));
        }
    }

    @Nested
    class PublishedHead {

        @Test
        void theHeadPublishedEarlierStillMatches() {
            String published = verify().head();
            engine.appendEvents(List.of(event("b", 0, new Opened("b", "y"))));
            chain.catchUp();
            assertThat(verify(Optional.empty(), Duration.ZERO, Optional.of(ExpectedHead.parse(published))).intact())
                    .isTrue();
        }

        @Test
        void aConsistentRewriteNoLongerMatchesThePublishedHead() {
            ExpectedHead published = ExpectedHead.parse(verify().head());
            rewriteConsistently();

            Verification verification = verify(Optional.empty(), Duration.ZERO, Optional.of(published));
            assertThat(verification.intact()).isFalse();
            assertThat(verification.failures().get(0).kind()).isEqualTo(FailureKind.EXPECTED_HEAD_MISMATCH);
            assertThat(verification.firstBadPosition()).isEqualTo(40L);
        }
    }
}
