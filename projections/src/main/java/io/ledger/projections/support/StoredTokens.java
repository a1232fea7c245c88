package io.ledger.projections.support;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.MongoCollection;

/**
 * How far a processor has got by the tokens in the token store that every node shares (axon-mongo's
 * {@code MongoTokenStore}: one document per processor and segment, fields {@code processorName},
 * {@code segment}, {@code owner}, {@code timestamp}, {@code token} and {@code tokenType}), whichever
 * node's processor wrote them. Read only: a token is never claimed here.
 * <p>
 * Our event store delivers events in gap-free global order, so a token at position P (a plain
 * {@code GlobalSequenceTrackingToken}; the lower bound of a replay or merge token) means its segment
 * has handled everything up to P; the processor has, when every segment has. The processors store a
 * token after the batch's handlers have written the read model (Axon stores it on prepare-commit when
 * there is no transaction manager, as here), so a token at P means P's write is readable.
 * <p>
 * The embedded server uses no index but {@code _id} for a query, so the documents are found by
 * processor name (a scan of this small collection) only now and then, and in between read by their
 * {@code _id}s. A merge deletes a segment's document, which the next reading notices; a split adds
 * one, which is found at the next look-up, {@code rediscoverEvery} later at most.
 */
public class StoredTokens {

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;
    private final long rediscoverNanos;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(List<Object> ids, long foundAt) {
    }

    /**
     * @param tokens          the token store's collection
     * @param serializer      the serializer the token store writes tokens with
     * @param rediscoverEvery how long the documents found for a processor are trusted to be all of its
     *                        segments (a split or merge changes them) before they are looked up again
     */
    public StoredTokens(MongoCollection<Document> tokens, Serializer serializer, Duration rediscoverEvery) {
        this.tokens = tokens;
        this.serializer = serializer;
        this.rediscoverNanos = rediscoverEvery.toNanos();
    }

    /**
     * The position up to which every segment of {@code processorName} has handled every event: the
     * lowest over its segments; 0 while it has no tokens or one of them holds no position.
     */
    public long handledThroughout(String processorName) {
        Known ids = known.get(processorName);
        List<Document> documents;
        if (ids == null || System.nanoTime() - ids.foundAt() > rediscoverNanos) {
            documents = discover(processorName);
        } else {
            documents = tokens.find(in("_id", ids.ids())).into(new ArrayList<>());
            if (documents.size() != ids.ids().size()) {
                documents = discover(processorName); // a segment was merged away
            }
        }
        return lowest(documents);
    }

    private List<Document> discover(String processorName) {
        List<Document> documents = tokens.find(eq("processorName", processorName)).into(new ArrayList<>());
        known.put(processorName, new Known(documents.stream().map(d -> d.get("_id")).toList(), System.nanoTime()));
        return documents;
    }

    private long lowest(List<Document> documents) {
        long lowest = documents.isEmpty() ? 0 : Long.MAX_VALUE;
        for (Document document : documents) {
            lowest = Math.min(lowest, position(document));
        }
        return lowest;
    }

    private long position(Document document) {
        Binary data = document.get("token", Binary.class);
        if (data == null) {
            return 0;
        }
        TrackingToken token = serializer.deserialize(
                new SimpleSerializedObject<>(data.getData(), byte[].class, document.getString("tokenType"), null));
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        return lower == null ? 0 : lower.position().orElse(0);
    }
}
