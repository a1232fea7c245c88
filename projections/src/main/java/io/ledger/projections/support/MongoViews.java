package io.ledger.projections.support;

import static com.mongodb.client.model.Filters.eq;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;

/**
 * Read-model documents updated at most once per event: each document remembers the stream
 * sequence of the last event applied to it, so an event delivered again after a crash changes
 * nothing. Reads and writes are by {@code _id} only (indexed on every MongoDB, embedded included).
 */
public final class MongoViews {

    public static final String APPLIED = "appliedSequence";

    private MongoViews() {
    }

    public interface Change {
        void apply(Document document);
    }

    /**
     * Applies {@code change} to the document {@code id} unless an event at or after
     * {@code sequence} of the same stream has been applied already. Creates the document if needed.
     */
    public static void update(MongoCollection<Document> collection, String id, long sequence, Change change) {
        Document document = collection.find(eq("_id", id)).first();
        if (document == null) {
            document = new Document("_id", id);
        } else if (document.get(APPLIED) != null && document.getLong(APPLIED) >= sequence) {
            return;
        }
        change.apply(document);
        document.put(APPLIED, sequence);
        collection.replaceOne(eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    public static long fen(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Adds to a sum, failing rather than wrapping: a read model that cannot hold a figure must not show another. */
    public static void add(Document document, String field, long fen) {
        document.put(field, Math.addExact(fen(document, field), fen));
    }
}
