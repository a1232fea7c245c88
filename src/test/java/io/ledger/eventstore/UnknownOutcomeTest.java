package io.ledger.eventstore;

import static io.ledger.eventstore.StoreFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.ledger.eventstore.StoreFixtures.Deposited;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.storage.EmbeddedMongo;
import io.ledger.testsupport.FaultyMongo;
import io.ledger.testsupport.TestMongo;

/** A commit whose reply is lost is either confirmed, or reported as of unknown outcome: never "not stored". */
class UnknownOutcomeTest {

    @TempDir
    Path dataDir;

    private static LedgerEventStorageEngine engine(MongoDatabase database, LongConsumer afterInsert) {
        return LedgerEventStorageEngine.builder().database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .afterInsert(afterInsert)
                .build();
    }

    private static MongoSocketReadException lostReply() {
        return new MongoSocketReadException("connection reset while reading the reply", new ServerAddress());
    }

    @Test
    void aLostReplyToACommitThatLandedIsConfirmedByReadingItBack() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0, false);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            AtomicBoolean lose = new AtomicBoolean(true);
            LedgerEventStorageEngine engine = engine(client.getDatabase("ledger"), p -> {
                if (lose.getAndSet(false)) {
                    throw lostReply();
                }
            });

            engine.appendEvents(List.of(event("a", 0, new Opened("a", "x"))));

            assertThat(engine.readEvents("a").asStream().count()).isEqualTo(1);
            assertThat(engine.checkPositions().holds()).isTrue();
        }
    }

    @Test
    void aCommitThatLandedWhileTheStoreWentAwayIsReportedUnknownAndIsThereOnceAfterwards() {
        DomainEventMessage<?> opened = event("a", 0, new Opened("a", "x"));
        EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0, false);
        try (MongoClient client = MongoClients.create(mongo.connectionString() + "/?serverSelectionTimeoutMS=500")) {
            LedgerEventStorageEngine engine = engine(client.getDatabase("ledger"), p -> {
                mongo.close(); // the store goes away after the insert landed, before its reply
                throw lostReply();
            });

            assertThatThrownBy(() -> engine.appendEvents(List.of(opened)))
                    .isInstanceOf(CommitOutcomeUnknownException.class)
                    .hasMessageContaining("unknown").hasMessageContaining("Repeat the request with the same id");
        }

        try (EmbeddedMongo again = EmbeddedMongo.start(dataDir, "127.0.0.1", 0, false);
                MongoClient client = MongoClients.create(again.connectionString())) {
            LedgerEventStorageEngine engine = engine(client.getDatabase("ledger"), p -> { });
            // what a repeated command finds: the event it would otherwise write again, once
            assertThat(engine.readEvents("a").asStream().map(DomainEventMessage::getIdentifier).toList())
                    .containsExactly(opened.getIdentifier());
            assertThat(engine.checkPositions().holds()).isTrue();
        }
    }

    /**
     * A store on which the first commit lands and then collides, on {@code index}, with itself (as a
     * driver's retry after a lost reply does); while {@code hidden}, reads do not see it (as majority
     * reads lag after a failover).
     */
    private static MongoDatabase collidingWithItself(MongoDatabase real, String index, AtomicBoolean hidden) {
        AtomicBoolean firstCommit = new AtomicBoolean(true);
        AtomicReference<Object> landedAt = new AtomicReference<>();
        return FaultyMongo.wrap(real, call -> {
            if (call.is(CommitStore.EVENTS_COLLECTION, "insertOne") && !CommitFormat.isVoid(call.document())
                    && firstCommit.getAndSet(false)) {
                call.proceed();
                landedAt.set(call.document().get(CommitFormat.ID));
                throw FaultyMongo.duplicateKey(index, index.equals(CommitStore.POSITION_INDEX)
                        ? "_id: " + landedAt.get() : "aggregateKey: \"a@0\"");
            }
            if (call.is(CommitStore.EVENTS_COLLECTION, "find") && hidden.get() && landedAt.get() != null
                    && call.args().length == 1 && call.args()[0] instanceof Bson filter) {
                return call.proceedWithFilter(Filters.and(filter, Filters.ne(CommitFormat.ID, landedAt.get())));
            }
            return call.proceed();
        });
    }

    private static List<DomainEventMessage<?>> threeEvents() {
        return List.of(event("a", 0, new Opened("a", "x")), event("a", 1, new Deposited("a", 1)),
                event("a", 2, new Deposited("a", 2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {CommitStore.POSITION_INDEX, CommitStore.AGGREGATE_KEY_INDEX})
    void aCollisionWithADocumentTheReadBackCannotSeeIsUnknownAndGivesNothingBack(String index) {
        MongoDatabase real = TestMongo.freshDatabase();
        AtomicBoolean hidden = new AtomicBoolean(true);
        LedgerEventStorageEngine engine = StoreFixtures.engine(collidingWithItself(real, index, hidden));

        assertThatThrownBy(() -> engine.appendEvents(threeEvents()))
                .isInstanceOf(CommitOutcomeUnknownException.class)
                .hasMessageContaining("Repeat the request with the same id");

        hidden.set(false); // the majority catches up: the commit was ours, whole
        assertThat(real.getCollection(CommitStore.EVENTS_COLLECTION, BsonDocument.class)
                .countDocuments(Filters.eq(CommitFormat.VOID, true))).as("no void inside our own commit").isZero();
        assertThat(engine.readEvents("a").asStream().map(DomainEventMessage::getSequenceNumber).toList())
                .containsExactly(0L, 1L, 2L);
        assertThat(engine.checkPositions().holds()).isTrue();
        assertThat(engine.refusedCommits()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {CommitStore.POSITION_INDEX, CommitStore.AGGREGATE_KEY_INDEX})
    void aCollisionWithOurOwnVisibleCommitIsASuccess(String index) {
        MongoDatabase real = TestMongo.freshDatabase();
        LedgerEventStorageEngine engine = StoreFixtures.engine(collidingWithItself(real, index, new AtomicBoolean()));

        engine.appendEvents(threeEvents());

        assertThat(engine.readEvents("a").asStream().count()).isEqualTo(3);
        assertThat(engine.voidsWritten()).isZero();
        assertThat(engine.checkPositions().holds()).isTrue();
    }
}
