package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

/**
 * Signed statements "the chain's hash at position P was H, at time T". They are kept beside the
 * chain, but only the holder of the {@link ChainKey} can make one: a chain rebuilt after rewriting
 * history no longer matches the checkpoints signed before.
 */
public final class ChainCheckpoints {

    public static final String COLLECTION = "event_chain_checkpoints";

    /** One checkpoint: {@code position} is the last global position the chain hash covers. */
    public record Checkpoint(long position, String hash, Instant signedAt, String algorithm, String signature) {

        String signedContent() {
            return "ledger-chain-checkpoint/1|" + position + "|" + hash + "|" + signedAt;
        }
    }

    private final MongoCollection<BsonDocument> checkpoints;

    public ChainCheckpoints(MongoDatabase database) {
        this.checkpoints = database.getCollection(COLLECTION, BsonDocument.class);
    }

    /** Signs and stores a checkpoint of the chain through {@code position}. */
    public Checkpoint write(ChainKey key, long position, String hash, Instant at) {
        Checkpoint unsigned = new Checkpoint(position, hash, at, key.algorithm(), null);
        Checkpoint signed = new Checkpoint(position, hash, at, key.algorithm(), key.sign(unsigned.signedContent()));
        checkpoints.replaceOne(eq("_id", position), new BsonDocument("_id", new BsonInt64(position))
                .append("hash", new BsonString(hash))
                .append("signedAt", new BsonString(at.toString()))
                .append("algorithm", new BsonString(signed.algorithm()))
                .append("signature", new BsonString(signed.signature())), new ReplaceOptions().upsert(true));
        return signed;
    }

    public List<Checkpoint> all() {
        return find(new BsonDocument());
    }

    /** The checkpoint stored at {@code position}, whoever signed it. */
    public Optional<Checkpoint> at(long position) {
        return find(eq("_id", position)).stream().findFirst();
    }

    /** The checkpoints of positions after {@code position}, in position order. */
    public List<Checkpoint> after(long position) {
        return find(gt("_id", position));
    }

    private List<Checkpoint> find(Bson filter) {
        List<Checkpoint> result = new ArrayList<>();
        for (BsonDocument d : checkpoints.find(filter)) {
            result.add(new Checkpoint(d.getNumber("_id").longValue(), text(d, "hash"), instant(text(d, "signedAt")),
                    text(d, "algorithm"), text(d, "signature")));
        }
        result.sort(Comparator.comparingLong(Checkpoint::position));
        return result;
    }

    /** Whether the key's holder signed this checkpoint as it stands. */
    public static boolean genuine(Checkpoint checkpoint, ChainKey key) {
        return checkpoint.signature() != null && checkpoint.signedAt() != null
                && key.verify(checkpoint.signedContent(), checkpoint.signature());
    }

    private static String text(BsonDocument document, String key) {
        return document.isString(key) ? document.getString(key).getValue() : null;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
