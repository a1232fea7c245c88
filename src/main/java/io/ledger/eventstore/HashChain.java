package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

/**
 * A hash chain over the global event order: link(p) = SHA-256(hash of the previous link ‖ the
 * stored bytes of the commit at p). Links are written by {@link #catchUp()} as commits (and
 * void documents) become readable in order; {@link #verify()} walks the chain and names the first
 * position whose stored content no longer matches. Editing, deleting or inserting a commit, or a
 * link, breaks every later link, so a verifier holding only the last hash can tell.
 */
public class HashChain {

    private static final Logger log = LoggerFactory.getLogger(HashChain.class);

    public static final String LINKS = "event_chain";
    private static final String HEAD = "event_chain_head";
    public static final String GENESIS = "0".repeat(64);

    private final CommitLog engine;
    private final MongoCollection<BsonDocument> links;
    private final MongoCollection<BsonDocument> head;
    private final MongoCollection<BsonDocument> events;

    public HashChain(MongoDatabase database, CommitLog engine) {
        this.engine = engine;
        this.links = database.getCollection(LINKS, BsonDocument.class);
        this.head = database.getCollection(HEAD, BsonDocument.class);
        this.events = database.getCollection(LedgerEventStorageEngine.EVENTS_COLLECTION, BsonDocument.class);
    }

    /** What a verification found. */
    public record Verification(boolean intact, long commitsVerified, long lastPosition, String lastHash,
            Long firstBadPosition, String problem, long unchainedCommits, Instant verifiedAt) {
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
            for (BsonDocument commit : commits) {
                long first = CommitFormat.first(commit);
                String hash = hash(previous, commit);
                BsonDocument link = new BsonDocument("_id", new BsonInt64(first))
                        .append("last", new BsonInt64(CommitFormat.last(commit)))
                        .append("previous", new BsonString(previous))
                        .append("hash", new BsonString(hash))
                        .append("linkedAt", new BsonString(Instant.now().toString()));
                try {
                    links.insertOne(link);
                    added++;
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    // another instance (or this one before a crash) linked it: it must agree
                    BsonDocument existing = links.find(eq("_id", first)).first();
                    if (existing == null || !hash.equals(existing.getString("hash").getValue())) {
                        throw new EventStoreFailure("The hash chain disagrees at position " + first
                                + ": stored events or links were changed. Run the chain verifier.");
                    }
                }
                previous = hash;
                last = CommitFormat.last(commit);
                head.replaceOne(eq("_id", "head"), new BsonDocument("_id", new BsonString("head"))
                        .append("position", new BsonInt64(first)).append("last", new BsonInt64(last))
                        .append("hash", new BsonString(hash)), new ReplaceOptions().upsert(true));
            }
        }
    }

    /** Walks the whole chain from the first position and recomputes every link. */
    public Verification verify() {
        String previous = GENESIS;
        long next = 1;
        long verified = 0;
        long lastPosition = 0;
        while (true) {
            List<BsonInt64> ids = new ArrayList<>();
            for (long p = next; p < next + 256; p++) {
                ids.add(new BsonInt64(p));
            }
            Map<Long, BsonDocument> linkAt = new HashMap<>();
            links.find(in("_id", ids)).forEach(l -> linkAt.put(l.getNumber("_id").longValue(), l));
            Map<Long, BsonDocument> commitAt = new HashMap<>();
            events.find(in("_id", ids)).forEach(c -> commitAt.put(CommitFormat.first(c), c));
            if (!linkAt.containsKey(next)) {
                long unchained = commitAt.isEmpty() ? 0 : countCommitsFrom(next);
                return new Verification(true, verified, lastPosition, previous, null, null, unchained, Instant.now());
            }
            while (linkAt.containsKey(next)) {
                BsonDocument link = linkAt.get(next);
                BsonDocument commit = commitAt.get(next);
                String problem = null;
                if (!previous.equals(link.getString("previous").getValue())) {
                    problem = "the link does not follow the previous one (links were changed or removed)";
                } else if (commit == null) {
                    problem = "the commit at this position is missing";
                } else if (!hash(previous, commit).equals(link.getString("hash").getValue())) {
                    problem = "the stored commit no longer matches its link (the commit or the link was changed)";
                } else if (CommitFormat.last(commit) != link.getNumber("last").longValue()) {
                    problem = "the commit's positions no longer match the link";
                }
                if (problem != null) {
                    log.error("Hash chain broken at position {}: {}", next, problem);
                    return new Verification(false, verified, lastPosition, previous, next, problem, 0, Instant.now());
                }
                previous = link.getString("hash").getValue();
                verified++;
                lastPosition = link.getNumber("last").longValue();
                next = lastPosition + 1;
            }
        }
    }

    private long countCommitsFrom(long from) {
        long count = 0;
        for (long p = from; ; p += 256) {
            List<BsonInt64> ids = new ArrayList<>();
            for (long q = p; q < p + 256; q++) {
                ids.add(new BsonInt64(q));
            }
            long found = events.countDocuments(in("_id", ids));
            if (found == 0) {
                return count;
            }
            count += found;
        }
    }

    static String hash(String previous, BsonDocument commit) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer bytes = new RawBsonDocument(commit, new BsonDocumentCodec()).getByteBuffer().asNIO();
            digest.update(bytes);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
