package io.ledger.audit;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;

import io.ledger.api.Money;
import io.ledger.eventstore.Digests;
import io.ledger.incentive.api.AwardBalance;

/**
 * Checkpoints of a program's fold: after every {@code every} events of the program, its figures
 * together with the evidence so far (events, last position, last sequence, the running SHA-256
 * state), so that a point-in-time answer folds only the events after the latest checkpoint recorded
 * before the instant. Ids are {@code programId#k} (the k-th checkpoint), because the embedded store
 * finds documents only by {@code _id} equality or {@code $in}.
 *
 * <p>A checkpoint is only a shortcut, never a source: each is sealed with an HMAC under a key that
 * is not in the database, and is used only if the seal holds and the commit it ends on is still
 * stored with the same bytes. Otherwise it counts as missing, the fold starts from an earlier one or
 * from the first event, and the checkpoints it passes are written again.
 */
public final class FoldCheckpoints {

    public static final String COLLECTION = "audit_fold_checkpoints";
    private static final Logger LOG = LoggerFactory.getLogger(FoldCheckpoints.class);
    private static final int PROBE = 64;
    private static final int CANDIDATES = 3;

    /** The fold of a program's commits up to one commit, and the evidence of those commits. */
    record Checkpoint(String programId, long k, long events, long lastPosition, long lastSequence,
            long lastCommitFirstSequence, String lastCommitHash, Instant recordedUpTo, String digestState,
            ProgramFold fold) {
    }

    private final MongoCollection<BsonDocument> collection;
    private final int every;
    private final SecretKeySpec key;
    private final boolean writable;

    /**
     * @param every events of a program between two checkpoints
     * @param secret the sealing key (at least 32 bytes); null for a key of this process only, so that
     *        checkpoints written by an earlier process are not trusted and are written again
     * @param writable false for a read-only store (the auditor's command line): checkpoints are read, never written
     */
    public FoldCheckpoints(MongoDatabase database, int every, byte[] secret, boolean writable) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoints need at least one event between them");
        }
        if (secret != null && secret.length < 32) {
            throw new IllegalArgumentException("a checkpoint key needs at least 32 bytes");
        }
        byte[] bytes = secret;
        if (bytes == null) {
            bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
        }
        this.collection = database.getCollection(COLLECTION, BsonDocument.class);
        this.every = every;
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.writable = writable;
    }

    int every() {
        return every;
    }

    static String id(String programId, long k) {
        return programId + "#" + k;
    }

    /**
     * Checkpoints whose every commit was recorded at or before {@code asOf} (all when null), latest
     * first, at most a few, each read only when the one before it was of no use; their seals are not
     * checked yet.
     */
    Iterable<BsonDocument> candidates(String programId, Instant asOf) {
        List<Long> usable = new ArrayList<>();
        for (long from = 1;; from += PROBE) {
            List<String> ids = new ArrayList<>(PROBE);
            for (long k = from; k < from + PROBE; k++) {
                ids.add(id(programId, k));
            }
            int found = 0;
            for (BsonDocument d : collection.find(in("_id", ids)).projection(Projections.include("k", "recordedUpTo"))) {
                found++;
                if (d.isInt64("k") && d.isString("recordedUpTo") && (asOf == null
                        || !Instant.parse(d.getString("recordedUpTo").getValue()).isAfter(asOf))) {
                    usable.add(d.getInt64("k").getValue());
                }
            }
            if (found == 0) {
                break; // not at the first gap: a checkpoint removed in the middle hides none after it
            }
        }
        usable.sort(Comparator.reverseOrder());
        return () -> usable.subList(0, Math.min(CANDIDATES, usable.size())).stream()
                .map(k -> collection.find(eq("_id", id(programId, k))).first())
                .filter(Objects::nonNull).iterator();
    }

    /** The checkpoint a document states, if its seal holds and it is one of {@code programId}'s. */
    Optional<Checkpoint> verified(BsonDocument document, String programId) {
        try {
            BsonDocument content = document.clone();
            BsonValue seal = content.remove("seal");
            if (seal == null || !seal.isString() || !MessageDigest.isEqual(seal(content),
                    HexFormat.of().parseHex(seal.asString().getValue()))) {
                return Optional.empty();
            }
            Checkpoint checkpoint = parse(content);
            return checkpoint.programId().equals(programId)
                    && document.getString("_id").getValue().equals(id(programId, checkpoint.k()))
                    ? Optional.of(checkpoint) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // anything unreadable is as good as missing
        }
    }

    /** Writes these checkpoints in one round trip (replacing any stale or tampered ones); no-op when read-only. */
    void store(List<Checkpoint> checkpoints) {
        if (!writable || checkpoints.isEmpty()) {
            return;
        }
        List<ReplaceOneModel<BsonDocument>> writes = new ArrayList<>();
        for (Checkpoint c : checkpoints) {
            BsonDocument document = document(c);
            document.put("seal", new BsonString(HexFormat.of().formatHex(seal(document))));
            writes.add(new ReplaceOneModel<>(eq("_id", document.get("_id")), document,
                    new ReplaceOptions().upsert(true)));
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoException e) {
            // a shortcut that could not be written (a race with another answer writing the same
            // checkpoint, a store refusing writes) costs the next answer time, never correctness
            LOG.warn("fold checkpoints of {} not written: {}", checkpoints.get(0).programId(), e.toString());
        }
    }

    /** The SHA-256 of a stored commit's bytes, as the fold's digest reads them. */
    static String commitHash(byte[] bytes) {
        return HexFormat.of().formatHex(Digests.sha256().digest(bytes));
    }

    private byte[] seal(BsonDocument content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            ByteBuffer bytes = new RawBsonDocument(content, new BsonDocumentCodec()).getByteBuffer().asNIO();
            mac.update(bytes);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HMAC-SHA256", e);
        }
    }

    private static BsonDocument document(Checkpoint c) {
        BsonArray agencies = new BsonArray();
        c.fold().agencies().forEach((agencyId, b) -> agencies.add(new BsonDocument("agencyId", new BsonString(agencyId))
                .append("fen", new BsonArray(List.of(fen(b.computed()), fen(b.accrued()), fen(b.capped()),
                        fen(b.unfunded()), fen(b.reserved()), fen(b.paid()))))));
        BsonArray caps = new BsonArray();
        c.fold().caps().forEach((agencyId, cap) -> caps.add(new BsonDocument("agencyId", new BsonString(agencyId))
                .append("cap", fen(cap))));
        return new BsonDocument("_id", new BsonString(id(c.programId(), c.k())))
                .append("programId", new BsonString(c.programId()))
                .append("k", new BsonInt64(c.k()))
                .append("events", new BsonInt64(c.events()))
                .append("lastPosition", new BsonInt64(c.lastPosition()))
                .append("lastSequence", new BsonInt64(c.lastSequence()))
                .append("lastCommitFirstSequence", new BsonInt64(c.lastCommitFirstSequence()))
                .append("lastCommitHash", new BsonString(c.lastCommitHash()))
                .append("recordedUpTo", new BsonString(c.recordedUpTo().toString()))
                .append("digestState", new BsonString(c.digestState()))
                .append("opened", BsonBoolean.valueOf(c.fold().opened()))
                .append("budget", fen(c.fold().budget()))
                .append("cap", fen(c.fold().programCap()))
                .append("agencies", agencies)
                .append("caps", caps);
    }

    private static Checkpoint parse(BsonDocument d) {
        Map<String, AwardBalance> agencies = new LinkedHashMap<>();
        for (BsonValue v : d.getArray("agencies")) {
            List<BsonValue> fen = v.asDocument().getArray("fen");
            agencies.put(v.asDocument().getString("agencyId").getValue(), new AwardBalance(money(fen.get(0)),
                    money(fen.get(1)), money(fen.get(2)), money(fen.get(3)), money(fen.get(4)), money(fen.get(5))));
        }
        Map<String, Money> caps = new LinkedHashMap<>();
        for (BsonValue v : d.getArray("caps")) {
            caps.put(v.asDocument().getString("agencyId").getValue(), money(v.asDocument().get("cap")));
        }
        ProgramFold fold = ProgramFold.resumed(d.getBoolean("opened").getValue(), money(d.get("budget")),
                money(d.get("cap")), agencies, caps);
        return new Checkpoint(d.getString("programId").getValue(), d.getInt64("k").getValue(),
                d.getInt64("events").getValue(), d.getInt64("lastPosition").getValue(),
                d.getInt64("lastSequence").getValue(), d.getInt64("lastCommitFirstSequence").getValue(),
                d.getString("lastCommitHash").getValue(), Instant.parse(d.getString("recordedUpTo").getValue()),
                d.getString("digestState").getValue(), fold);
    }

    private static BsonInt64 fen(Money money) {
        return new BsonInt64(money.fen());
    }

    private static Money money(BsonValue value) {
        return new Money(value.asInt64().getValue());
    }
}
