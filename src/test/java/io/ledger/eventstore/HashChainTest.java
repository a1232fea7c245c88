package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static io.ledger.eventstore.StoreFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.testsupport.TestMongo;

class HashChainTest {

    private MongoDatabase database;
    private LedgerEventStorageEngine engine;
    private HashChain chain;
    private ChainVerifier verifier;

    static ChainVerifier verifier(MongoDatabase database, Clock clock) {
        return new ChainVerifier(database, Duration.ofMinutes(2), Duration.ofMinutes(5), Optional.empty(), clock);
    }

    @BeforeEach
    void setUp() {
        database = TestMongo.freshDatabase();
        engine = StoreFixtures.engine(database);
        chain = new HashChain(database, engine);
        verifier = verifier(database, Clock.systemUTC());
        engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));
        engine.appendEvents(List.of(event("a", 1, new Deposited("a", 100)), event("a", 2, new Deposited("a", 5))));
        // a refused commit leaves a void document, which is chained like any other
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a", 1, new Deposited("a", 7)))))
                .isInstanceOf(ConcurrencyException.class);
        for (int i = 0; i < 300; i++) {
            engine.appendEvents(List.of(event("b" + i, 0, new Opened("b" + i, "y"))));
        }
    }

    @Test
    void anUntouchedStoreVerifies() {
        assertThat(chain.catchUp()).isEqualTo(303);
        assertThat(chain.catchUp()).isZero();
        ChainVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.commitsVerified()).isEqualTo(303);
        assertThat(verification.lastPosition()).isEqualTo(engine.highWaterMark());
        assertThat(verification.unchainedCommits()).isZero();

        engine.appendEvents(List.of(event("c", 0, new Opened("c", "z"))));
        assertThat(verifier.verify().unchainedCommits()).isEqualTo(1);
        chain.catchUp();
        assertThat(verifier.verify().commitsVerified()).isEqualTo(304);
    }

    @Test
    void anEditedEventIsPinpointed() {
        chain.catchUp();
        // someone with database access changes an amount in position 2's commit
        database.getCollection("events").updateOne(eq("_id", 2L), Updates.set("events.0.payload.amountFen", 1_000_000L));

        ChainVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBadPosition()).isEqualTo(2L);
        assertThat(verification.problem()).contains("no longer matches");
        assertThat(verification.commitsVerified()).isEqualTo(1);
        assertThat(verification.lastPosition()).isEqualTo(1);
    }

    @Test
    void aDeletedCommitOrAnEditedLinkIsPinpointed() {
        chain.catchUp();
        database.getCollection("events").deleteOne(eq("_id", 100L));
        assertThat(verifier.verify().firstBadPosition()).isEqualTo(100L);
        assertThat(verifier.verify().problem()).contains("missing");

        MongoDatabase other = TestMongo.freshDatabase();
        LedgerEventStorageEngine otherEngine = StoreFixtures.engine(other);
        otherEngine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));
        otherEngine.appendEvents(List.of(event("b", 0, new Opened("b", "x"))));
        HashChain otherChain = new HashChain(other, otherEngine);
        ChainVerifier otherVerifier = verifier(other, Clock.systemUTC());
        otherChain.catchUp();
        other.getCollection(HashChain.LINKS).updateOne(eq("_id", 1L), Updates.set("hash", "f".repeat(64)));
        assertThat(otherVerifier.verify().firstBadPosition()).isEqualTo(1L);
    }

    @Test
    void theHashThroughAPositionIsThatOfTheLinkEndingThere() {
        chain.catchUp();
        String linkOfTheTwoEventCommit = database.getCollection(HashChain.LINKS).find(eq("_id", 2L)).first()
                .getString("hash");
        assertThat(chain.hashThrough(3)).contains(linkOfTheTwoEventCommit);
        assertThat(chain.hashThrough(2)).as("inside a commit: no link ends there").isEmpty();
        assertThat(chain.hashThrough(304)).contains(chain.head().orElseThrow().hash());
        assertThat(chain.hashThrough(305)).isEmpty();
    }

    @Test
    void aCrashThatLeftTheHeadBehindPartOfABatchIsRelinkedFromWhereTheLinksStop() {
        chain.catchUp();
        long linked = database.getCollection("event_chain").countDocuments();
        // the head and the newest links lost, as when a crash came between a batch's writes
        database.getCollection("event_chain_head").deleteMany(new Document());
        database.getCollection("event_chain").deleteMany(Filters.gt("_id", 200L));
        long kept = database.getCollection("event_chain").countDocuments();
        assertThat(chain.catchUp()).as("only the lost links are new").isEqualTo(linked - kept);
        assertThat(database.getCollection("event_chain").countDocuments()).isEqualTo(linked);
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void relinkingAfterACrashAgreesWithTheLinksAlreadyWritten() {
        chain.catchUp();
        database.getCollection("event_chain_head").deleteMany(new Document());
        assertThat(chain.catchUp()).as("nothing new, every link re-checked").isZero();
        database.getCollection("events").updateOne(eq("_id", 5L), Updates.set("events.0.payload.owner", "forged"));
        database.getCollection("event_chain_head").deleteMany(new Document());
        assertThatThrownBy(chain::catchUp).isInstanceOf(EventStoreFailure.class).hasMessageContaining("position 5");
    }
}
