package io.ledger.eventstore;

import static io.ledger.eventstore.StoreFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.StoreFixtures.Opened;
import io.ledger.storage.EmbeddedMongo;

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
}
