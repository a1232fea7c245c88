package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import java.util.List;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

/** The latest snapshot per aggregate ({@code snapshots}, keyed by aggregate id); never replaced by an older one. */
final class Snapshots {

    static final String COLLECTION = "snapshots";

    private final MongoCollection<BsonDocument> snapshots;

    Snapshots(MongoDatabase database) {
        this.snapshots = database.getCollection(COLLECTION, BsonDocument.class);
    }

    void store(DomainEventMessage<?> snapshot, Serializer serializer) {
        String id = snapshot.getAggregateIdentifier();
        BsonDocument document = NewCommit.event(snapshot, serializer)
                .append(CommitFormat.ID, new BsonString(id))
                .append(CommitFormat.AGGREGATE_TYPE, new BsonString(snapshot.getType()));
        try {
            // Replaces only an older snapshot; with none, the upsert inserts. A newer one makes the filter
            // miss, and the upsert then collides on _id: a slow snapshotter never goes back in time.
            snapshots.replaceOne(and(eq(CommitFormat.ID, id), lt(CommitFormat.SEQUENCE, snapshot.getSequenceNumber())),
                    document, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    Stream<StoredEvent> read(String aggregateId) {
        BsonDocument snapshot = snapshots.find(eq(CommitFormat.ID, aggregateId)).first();
        if (snapshot == null) {
            return Stream.empty();
        }
        BsonDocument asCommit = new BsonDocument(CommitFormat.ID, new BsonInt64(0))
                .append(CommitFormat.LAST, new BsonInt64(0))
                .append(CommitFormat.AGGREGATE_TYPE, snapshot.get(CommitFormat.AGGREGATE_TYPE))
                .append(CommitFormat.AGGREGATE_ID, new BsonString(aggregateId))
                .append(CommitFormat.EVENTS, new BsonArray(List.of(snapshot)));
        return CommitFormat.events(asCommit, Long.MIN_VALUE, null, Long.MIN_VALUE).stream();
    }
}
