package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;

/**
 * A consistent logical backup of what cannot be recomputed: the global order up to the readable
 * head at the moment the backup starts (every position up to it held, nothing later), the hash
 * chain's links and signed checkpoints within it, and the demo marker. Snapshots, tracking tokens
 * and read models are left out on purpose: they are derived, and a restored system rebuilds them
 * from the events, which is what proves the backup.
 *
 * <p>Format: gzip of one canonical Extended JSON document per line (BSON types and field order
 * survive, so the chain's hashes over the stored bytes verify after a restore), a header line
 * first and a trailer line last with the count and the SHA-256 of every line before it.
 */
public final class LedgerBackup {

    public static final String FORMAT = "ledger-backup/1";
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED)
            .build();
    private static final String MARKER_COLLECTION = "ledger_demo";
    private static final int BATCH = 500;

    /** What a backup holds: through which position, how many documents, and their digest. */
    public record Summary(long head, long commits, long links, long checkpoints, String sha256) {
    }

    private LedgerBackup() {
    }

    /** Writes the backup of {@code database} to {@code out}; the store keeps running meanwhile. */
    public static Summary write(MongoDatabase database, CommitLog log, OutputStream out) throws IOException {
        long head = log.readableHead();
        MessageDigest digest = Digests.sha256();
        long commits = 0;
        long links = 0;
        long checkpoints = 0;
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8))) {
            line(writer, digest, new BsonDocument("format", new BsonString(FORMAT)).append("head", new BsonInt64(head))
                    .append("createdAt", new BsonString(Instant.now().toString())));
            long after = 0;
            while (after < head) {
                List<BsonDocument> batch = log.readCommits(after, BATCH);
                if (batch.isEmpty()) {
                    throw new IllegalStateException("position " + (after + 1) + " vanished below the readable head "
                            + head + " while the backup was written");
                }
                for (BsonDocument commit : batch) {
                    if (CommitFormat.first(commit) > head) {
                        after = head;
                        break;
                    }
                    line(writer, digest, entry(CommitStore.EVENTS_COLLECTION, commit));
                    commits++;
                    after = CommitFormat.last(commit);
                }
            }
            for (BsonDocument link : database.getCollection(HashChain.LINKS, BsonDocument.class)
                    .find(lte("last", head))) {
                line(writer, digest, entry(HashChain.LINKS, link));
                links++;
            }
            for (BsonDocument checkpoint : database.getCollection(ChainCheckpoints.COLLECTION, BsonDocument.class)
                    .find(lte("_id", head))) {
                line(writer, digest, entry(ChainCheckpoints.COLLECTION, checkpoint));
                checkpoints++;
            }
            for (BsonDocument marker : database.getCollection(MARKER_COLLECTION, BsonDocument.class).find()) {
                line(writer, digest, entry(MARKER_COLLECTION, marker));
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            writer.write(new BsonDocument("end", new BsonString(FORMAT)).append("commits", new BsonInt64(commits))
                    .append("sha256", new BsonString(sha)).toJson(CANONICAL));
            writer.write('\n');
            return new Summary(head, commits, links, checkpoints, sha);
        }
    }

    /**
     * Restores a backup into {@code target}, which must hold no events. The file is checked whole
     * (format, digest, count) before anything is written, so a damaged file writes nothing. The
     * position counter is set to the backup's head and the chain head to its last link.
     */
    public static Summary restore(Supplier<InputStream> file, MongoDatabase target) throws IOException {
        Summary summary = check(file);
        if (target.getCollection(CommitStore.EVENTS_COLLECTION).find().limit(1).first() != null) {
            throw new IllegalArgumentException("the target already holds events: restore only into a new, empty store");
        }
        List<BsonDocument> pending = new ArrayList<>();
        String pendingCollection = null;
        try (BufferedReader reader = reader(file.get())) {
            reader.readLine(); // header, checked above
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                BsonDocument entry = BsonDocument.parse(line);
                if (entry.containsKey("end")) {
                    break;
                }
                String collection = entry.getString("c").getValue();
                if (!collection.equals(pendingCollection) || pending.size() == BATCH) {
                    flush(target, pendingCollection, pending);
                    pendingCollection = collection;
                }
                pending.add(entry.getDocument("d"));
            }
            flush(target, pendingCollection, pending);
        }
        target.getCollection(CommitStore.COUNTERS_COLLECTION, BsonDocument.class).replaceOne(
                eq("_id", CommitStore.POSITION_COUNTER), new BsonDocument("_id", new BsonString(CommitStore.POSITION_COUNTER))
                        .append(CommitStore.COUNTER_VALUE, new BsonInt64(summary.head())), new ReplaceOptions().upsert(true));
        BsonDocument lastLink = target.getCollection(HashChain.LINKS, BsonDocument.class).find()
                .sort(Sorts.descending("_id")).limit(1).first();
        if (lastLink != null) {
            target.getCollection(HashChain.HEAD, BsonDocument.class).replaceOne(eq("_id", "head"),
                    new BsonDocument("_id", new BsonString("head")).append("position", lastLink.get("_id"))
                            .append("last", lastLink.get("last")).append("hash", lastLink.get("hash")),
                    new ReplaceOptions().upsert(true));
        }
        return summary;
    }

    /** Reads the whole file: right format, every line accounted for, digest as written. */
    public static Summary check(Supplier<InputStream> file) throws IOException {
        MessageDigest digest = Digests.sha256();
        long commits = 0;
        long links = 0;
        long checkpoints = 0;
        long head;
        try (BufferedReader reader = reader(file.get())) {
            String header = reader.readLine();
            BsonDocument first = header == null ? null : BsonDocument.parse(header);
            if (first == null || !first.isString("format") || !FORMAT.equals(first.getString("format").getValue())) {
                throw new IllegalArgumentException("not a ledger backup (" + FORMAT + ")");
            }
            digest.update((header + "\n").getBytes(StandardCharsets.UTF_8));
            head = first.getNumber("head").longValue();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                BsonDocument entry = BsonDocument.parse(line);
                if (entry.containsKey("end")) {
                    String sha = HexFormat.of().formatHex(digest.digest());
                    if (!sha.equals(entry.getString("sha256").getValue())
                            || commits != entry.getNumber("commits").longValue() || reader.readLine() != null) {
                        throw new IllegalArgumentException("the backup is damaged: its digest or count does not match");
                    }
                    return new Summary(head, commits, links, checkpoints, sha);
                }
                digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                switch (entry.getString("c").getValue()) {
                    case CommitStore.EVENTS_COLLECTION -> commits++;
                    case HashChain.LINKS -> links++;
                    case ChainCheckpoints.COLLECTION -> checkpoints++;
                    default -> {
                        // the demo marker
                    }
                }
            }
        }
        throw new IllegalArgumentException("the backup is incomplete: it ends before its trailer");
    }

    private static void flush(MongoDatabase target, String collection, List<BsonDocument> pending) {
        if (!pending.isEmpty()) {
            MongoCollection<BsonDocument> into = target.getCollection(collection, BsonDocument.class);
            into.insertMany(new ArrayList<>(pending));
            pending.clear();
        }
    }

    private static BsonDocument entry(String collection, BsonDocument document) {
        return new BsonDocument("c", new BsonString(collection)).append("d", document);
    }

    private static void line(Writer writer, MessageDigest digest, BsonDocument document) throws IOException {
        String line = document.toJson(CANONICAL) + "\n";
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        writer.write(line);
    }

    private static BufferedReader reader(InputStream in) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
    }

}
