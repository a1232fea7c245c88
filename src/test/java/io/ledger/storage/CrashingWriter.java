package io.ledger.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.LedgerEventStorageEngine;

/**
 * Run in a child JVM by {@link KillNineTest}: writes as fast as it can until it is killed, and
 * prints a line for every write the storage acknowledged.
 *
 * <ul>
 * <li>{@code RAW n}: plain document n was inserted;</li>
 * <li>{@code ACK aggregate sequence}: the event store committed that event;</li>
 * <li>a tracking reader records every event it handles in {@code seen} and then its token.</li>
 * </ul>
 */
public final class CrashingWriter {

    public record Tick(String aggregate, long n) {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0, true);
        MongoClient client = MongoClients.create(mongo.connectionString());
        MongoDatabase database = client.getDatabase("ledger");
        LedgerEventStorageEngine engine = engine(database);
        System.out.println("READY");

        Thread raw = new Thread(() -> {
            for (long n = 0; ; n++) {
                database.getCollection("raw").insertOne(new Document("_id", n));
                System.out.println("RAW " + n);
            }
        });
        raw.start();
        for (int w = 0; w < 3; w++) {
            String aggregate = "crash-" + w;
            new Thread(() -> {
                for (long s = 0; ; s++) {
                    DomainEventMessage<?> event = new GenericDomainEventMessage<>("Tick", aggregate, s, new Tick(aggregate, s));
                    engine.appendEvents(List.of(event));
                    System.out.println("ACK " + aggregate + " " + s);
                }
            }).start();
        }
        new Thread(() -> track(database, engine)).start();
    }

    static LedgerEventStorageEngine engine(MongoDatabase database) {
        return LedgerEventStorageEngine.builder().database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .build();
    }

    /** A projection that stores what it saw and, after it, its token: at least once, never a gap. */
    static void track(MongoDatabase database, LedgerEventStorageEngine engine) {
        AtomicLong token = new AtomicLong(storedToken(database));
        while (true) {
            List<TrackedEventMessage<?>> batch = new ArrayList<>();
            engine.readEvents(token.get() == 0 ? null : new org.axonframework.eventhandling.GlobalSequenceTrackingToken(
                    token.get()), false).forEach(batch::add);
            for (TrackedEventMessage<?> message : batch) {
                long position = position(message.trackingToken());
                database.getCollection("seen").replaceOne(Filters.eq("_id", message.getIdentifier()),
                        new Document("_id", message.getIdentifier()).append("position", position),
                        new ReplaceOptions().upsert(true));
                database.getCollection("reader").replaceOne(Filters.eq("_id", "reader"),
                        new Document("_id", "reader").append("position", position), new ReplaceOptions().upsert(true));
                token.set(position);
            }
            Thread.onSpinWait();
        }
    }

    static long storedToken(MongoDatabase database) {
        Document reader = database.getCollection("reader").find(Filters.eq("_id", "reader")).first();
        return reader == null ? 0 : reader.getLong("position");
    }

    static long position(TrackingToken token) {
        return token.position().orElseThrow();
    }

    private CrashingWriter() {
    }
}
