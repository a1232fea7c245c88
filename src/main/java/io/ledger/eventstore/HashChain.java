package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;

/**
 * A hash chain over the global event order: link(p) = SHA-256(hash of the previous link ‖ the
 * stored bytes of the commit at p). Links are written by {@link #catchUp()} as commits (and
 * void documents) become readable in order; {@link ChainVerifier} checks them without writing.
 * Editing, deleting or inserting a commit, or a link, breaks every later link, so a verifier
 * holding only the last hash can tell.
 */
public class HashChain {

    public static final String LINKS = "event_chain";
    static final String HEAD = "event_chain_head";
    public static final String GENESIS = "0".repeat(64);

    private final CommitLog engine;
    private final MongoCollection<BsonDocument> links;
    private final MongoCollection<BsonDocument> head;

    public HashChain(MongoDatabase database, CommitLog engine) {
        this.engine = engine;
        this.links = database.getCollection(LINKS, BsonDocument.class);
        this.head = database.getCollection(HEAD, BsonDocument.class);
    }

    /** Links every commit readable since the last link. Returns how many links were added. */
    public synchronized int catchUp() {
        BsonDocument current = head.find(eq("_id", "head")).first();
        long last = current == null ? 0 : current.getNumber("last").longValue();
        String previous = current == null ? GENESIS : current.getString("hash").getValue();
        int added = 0;
        while (true) {
            List<BsonDocument> commits = engine.readCommits(last, 256);
            if (commits.isEmpty()) {
                return added;
            }
            // one write for the batch's links and one for the head, not two per commit: on the embedded
            // store every write is a store commit of its own
            List<BsonDocument> batch = new ArrayList<>(commits.size());
            for (BsonDocument commit : commits) {
                String hash = hash(previous, commit);
                batch.add(new BsonDocument("_id", new BsonInt64(CommitFormat.first(commit)))
                        .append("last", new BsonInt64(CommitFormat.last(commit)))
                        .append("previous", new BsonString(previous))
                        .append("hash", new BsonString(hash))
                        .append("linkedAt", new BsonString(Instant.now().toString())));
                previous = hash;
            }
            added += insertInOrder(batch);
            BsonDocument newest = batch.get(batch.size() - 1);
            last = newest.getNumber("last").longValue();
            head.replaceOne(eq("_id", "head"), new BsonDocument("_id", new BsonString("head"))
                    .append("position", newest.get("_id")).append("last", new BsonInt64(last))
                    .append("hash", newest.getString("hash")), new ReplaceOptions().upsert(true));
        }
    }

    /**
     * Inserts the links in order; a link already stored (by another instance, or by this one before a
     * crash left the head behind) must agree with the one computed here. Returns how many were new.
     */
    private int insertInOrder(List<BsonDocument> batch) {
        int added = 0;
        int from = 0;
        while (from < batch.size()) {
            List<BsonDocument> rest = batch.subList(from, batch.size());
            try {
                links.insertMany(rest, new InsertManyOptions().ordered(true));
                return added + rest.size();
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty()) {
                    throw e;
                }
                BulkWriteError error = e.getWriteErrors().get(0);
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                BsonDocument mine = rest.get(error.getIndex());
                BsonDocument existing = links.find(eq("_id", mine.get("_id"))).first();
                if (existing == null || !mine.getString("hash").equals(existing.getString("hash"))) {
                    throw new EventStoreFailure("The hash chain disagrees at position "
                            + mine.getNumber("_id").longValue()
                            + ": stored events or links were changed. Run the chain verifier.");
                }
                added += error.getIndex(); // an ordered insert stops at the first error: those before it went in
                from += error.getIndex() + 1;
            }
        }
        return added;
    }

    /** The last link written: the position it covers through and the chain's hash there. */
    public Optional<Head> head() {
        BsonDocument current = head.find(eq("_id", "head")).first();
        return current == null ? Optional.empty()
                : Optional.of(new Head(current.getNumber("last").longValue(), current.getString("hash").getValue()));
    }

    public record Head(long position, String hash) {
    }

    /**
     * The last position of the chain's head link if the store still holds the document that link
     * covers, else 0. Links are written in global order and never past a position that no document
     * holds, and documents are never removed, so every position up to it is held.
     */
    static long linkedThrough(MongoDatabase database, CommitStore store) {
        BsonDocument current = database.getCollection(HEAD, BsonDocument.class).find(eq("_id", "head")).first();
        if (current == null || !current.containsKey("position")) {
            return 0;
        }
        long last = current.getNumber("last").longValue();
        BsonDocument linked = store.at(current.getNumber("position").longValue());
        return linked != null && CommitFormat.last(linked) == last ? last : 0;
    }

    /**
     * The chain's hash through {@code position}, as its link records it: the link of the commit that
     * ends there; empty when no link ends there.
     */
    public Optional<String> hashThrough(long position) {
        // a commit spans at most MAX_EVENTS positions, so its link starts that close before its end;
        // looked up by _id, which every store answers from its index
        List<BsonInt64> ids = new ArrayList<>(NewCommit.MAX_EVENTS);
        for (long p = Math.max(1, position - NewCommit.MAX_EVENTS + 1); p <= position; p++) {
            ids.add(new BsonInt64(p));
        }
        for (BsonDocument link : links.find(in("_id", ids))) {
            if (link.getNumber("last").longValue() == position) {
                return Optional.of(link.getString("hash").getValue());
            }
        }
        return Optional.empty();
    }

    static String hash(String previous, BsonDocument commit) {
        MessageDigest digest = Digests.sha256();
        digest.update(previous.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer bytes = new RawBsonDocument(commit, new BsonDocumentCodec()).getByteBuffer().asNIO();
        digest.update(bytes);
        return HexFormat.of().formatHex(digest.digest());
    }
}
