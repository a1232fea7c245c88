package io.ledger.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.ChainCheckpoints.Checkpoint;

/**
 * Checks the hash chain without writing anything: every link from position 1 recomputed from the
 * stored commit, the head, commits that stayed unlinked longer than the linker needs, the signed
 * checkpoints and, when given, a head published elsewhere. Linking is {@link HashChain}'s job.
 *
 * <p>With the key, every genuine checkpoint must still match the chain, and the checkpoints must
 * follow history the way the linker signs them: while it runs, no commit waits longer than
 * {@code checkpointEvery} for the next checkpoint, so the commits between two genuine checkpoints
 * were recorded within {@code checkpointEvery + grace} of each other, and commits after the newest
 * one are younger than that. A wider span means checkpoints were removed. History before the first
 * checkpoint (written before a key was given) is held only by the chain and a published head.
 */
public final class ChainVerifier {

    private static final Logger log = LoggerFactory.getLogger(ChainVerifier.class);
    private static final int BATCH = 256;

    /** Why a position fails; each check adds its own kind. */
    public enum FailureKind {
        LINK_NOT_FOLLOWING, COMMIT_MISSING, COMMIT_CHANGED, POSITIONS_CHANGED, LINK_MISSING, HEAD_CHANGED,
        NOT_LINKED_IN_TIME, CHECKPOINT_FORGED, CHECKPOINT_MISMATCH, NOT_CHECKPOINTED_IN_TIME, CHECKPOINT_GAP,
        CHECKPOINT_REMOVED, EXPECTED_HEAD_MISMATCH, POSITION_HELD_TWICE, POSITION_NOT_HELD
    }

    public record Failure(FailureKind kind, long position, String detail) {
    }

    public enum CheckpointStatus { CHECKED, NOT_CHECKED }

    /** {@code NOT_CHECKED} when the verifier holds no key: the chain alone cannot tell a consistent rewrite. */
    public record Checkpoints(CheckpointStatus status, int present, int genuine, Long lastCheckpointedPosition,
            String note) {
    }

    /** A head published outside the system: the chain must hash to {@code hash} at {@code position}. */
    public record ExpectedHead(long position, String hash) {

        /** {@code POSITION:HASH}, as the verifier prints and an auditor publishes it. */
        public static ExpectedHead parse(String text) {
            int colon = text == null ? -1 : text.indexOf(':');
            if (colon < 1 || !text.substring(colon + 1).matches("[0-9a-f]{64}")
                    || !text.substring(0, colon).matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("expected POSITION:HASH (a position and 64 lowercase hex digits)");
            }
            return new ExpectedHead(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        }
    }

    /**
     * What a verification found. {@code firstBadPosition} and {@code problem} are those of the first
     * failure by position; {@code failures} lists every failure found.
     */
    public record Verification(boolean intact, long commitsVerified, long lastPosition, String lastHash,
            Long firstBadPosition, String problem, List<Failure> failures, long unchainedCommits,
            Checkpoints checkpoints, Instant verifiedAt) {

        /** The head to publish: {@code POSITION:HASH}. */
        public String head() {
            return lastPosition + ":" + lastHash;
        }
    }

    private final MongoCollection<BsonDocument> links;
    private final MongoCollection<BsonDocument> head;
    private final MongoCollection<BsonDocument> events;
    private final ChainCheckpoints checkpoints;
    private final CommitStore positions;
    private final Duration grace;
    private final Duration checkpointEvery;
    private final Optional<ChainKey> key;
    private final Clock clock;
    private final Supplier<Optional<Checkpoint>> signedHere;

    /**
     * @param grace           how long a commit may stay unlinked (the linker's interval plus the
     *                        event store's seal timeout, with room)
     * @param checkpointEvery how often the linker signs a checkpoint
     * @param key             the checkpoint key, or the public half of it; empty: checkpoints not checked
     */
    public ChainVerifier(MongoDatabase database, Duration grace, Duration checkpointEvery, Optional<ChainKey> key,
            Clock clock) {
        this(database, grace, checkpointEvery, key, clock, Optional::empty);
    }

    /**
     * @param signedHere the last checkpoint the running application signed: the store must still hold
     *                   it, which catches its removal however consistent the rest is
     */
    public ChainVerifier(MongoDatabase database, Duration grace, Duration checkpointEvery, Optional<ChainKey> key,
            Clock clock, Supplier<Optional<Checkpoint>> signedHere) {
        this.signedHere = signedHere;
        this.links = database.getCollection(HashChain.LINKS, BsonDocument.class);
        this.head = database.getCollection(HashChain.HEAD, BsonDocument.class);
        this.events = database.getCollection(LedgerEventStorageEngine.EVENTS_COLLECTION, BsonDocument.class);
        this.checkpoints = new ChainCheckpoints(database);
        this.positions = new CommitStore(database);
        this.grace = grace;
        this.checkpointEvery = checkpointEvery;
        this.key = key;
        this.clock = clock;
    }

    public Verification verify() {
        return verify(Optional.empty());
    }

    public Verification verify(Optional<ExpectedHead> expected) {
        Instant now = clock.instant();
        List<Failure> failures = new ArrayList<>();
        // before the collection: the linker stores a checkpoint before it remembers it
        Optional<Checkpoint> remembered = key.isPresent() ? signedHere.get() : Optional.empty();
        List<Checkpoint> signed = checkpoints.all();
        List<Checkpoint> genuine = key.map(k -> signed.stream().filter(c -> ChainCheckpoints.genuine(c, k)).toList())
                .orElse(List.of());
        if (key.isPresent()) {
            signed.stream().filter(c -> !genuine.contains(c)).forEach(c -> failures.add(new Failure(
                    FailureKind.CHECKPOINT_FORGED, c.position(), "the checkpoint's signature does not verify")));
        }
        Optional<Checkpoint> removed = remembered.filter(r -> genuine.stream()
                .noneMatch(c -> c.position() == r.position() && c.hash().equals(r.hash())));
        removed.ifPresent(r -> failures.add(new Failure(FailureKind.CHECKPOINT_REMOVED, r.position(),
                "this application signed a checkpoint here at " + r.signedAt() + "; it is no longer stored")));
        Set<Long> wanted = new HashSet<>();
        genuine.forEach(c -> wanted.add(c.position()));
        removed.ifPresent(r -> wanted.add(r.position()));
        expected.ifPresent(e -> wanted.add(e.position()));
        CheckpointCoverage coverage = new CheckpointCoverage(genuine, now, checkpointEvery, grace);

        // Read before the walk: the linker writes a link before moving the head past it, so every
        // link up to this head exists for the walk, however far the linker gets meanwhile.
        BsonDocument recordedHead = head.find(eq("_id", "head")).first();
        if (recordedHead != null) {
            wanted.add(recordedHead.getNumber("last").longValue());
        }
        Map<Long, String> hashAt = new HashMap<>();
        String previous = HashChain.GENESIS;
        long next = 1;
        long verified = 0;
        long lastPosition = 0;
        boolean broken = false;
        walk:
        while (true) {
            List<BsonInt64> ids = new ArrayList<>(BATCH);
            for (long p = next; p < next + BATCH; p++) {
                ids.add(new BsonInt64(p));
            }
            Map<Long, BsonDocument> linkAt = byId(links, ids);
            Map<Long, BsonDocument> commitAt = byId(events, ids);
            if (!linkAt.containsKey(next)) {
                break;
            }
            while (linkAt.containsKey(next)) {
                BsonDocument link = linkAt.get(next);
                BsonDocument commit = commitAt.get(next);
                Failure failure = check(next, previous, link, commit);
                if (failure != null) {
                    failures.add(failure);
                    broken = true;
                    break walk;
                }
                if (key.isPresent()) {
                    Failure uncovered = coverage.check(next, CommitFormat.recordedAt(commit));
                    if (uncovered != null) {
                        failures.add(uncovered);
                    }
                }
                previous = link.getString("hash").getValue();
                verified++;
                lastPosition = link.getNumber("last").longValue();
                if (wanted.contains(lastPosition)) {
                    hashAt.put(lastPosition, previous);
                }
                next = lastPosition + 1;
            }
        }
        // Every position held by exactly one document: two documents over one position means a commit
        // that no reader delivers and the chain never links. A position held by none beyond the chain's
        // head is a reservation not yet written: readers seal it, and NOT_LINKED_IN_TIME covers delays.
        PositionCheck held = PositionCheck.run(positions);
        if (held.firstHeldTwice() != null) {
            failures.add(new Failure(FailureKind.POSITION_HELD_TWICE, held.firstHeldTwice(), held.heldTwice()));
        }
        long unchained = 0;
        if (!broken) {
            checkHead(recordedHead, lastPosition, hashAt, failures);
            BsonDocument later = links.find(gt("_id", lastPosition)).first();
            // a link at the next position may have been written since the walk passed it: not removed
            if (later != null && links.find(eq("_id", next)).first() == null) {
                failures.add(new Failure(FailureKind.LINK_MISSING, next, "no link here, yet position "
                        + later.getNumber("_id").longValue() + " is linked (links were removed)"));
            }
            Instant due = now.minus(grace);
            Long overdue = null;
            for (BsonDocument commit : events.find(gt("_id", lastPosition))) {
                unchained++;
                long first = CommitFormat.first(commit);
                if (CommitFormat.recordedAt(commit).isBefore(due) && (overdue == null || first < overdue)) {
                    overdue = first;
                }
            }
            if (overdue != null && held.firstUnheld() != null && held.firstUnheld() < overdue) {
                // reserved before a commit that is overdue, so older than the grace, and still empty
                failures.add(new Failure(FailureKind.POSITION_NOT_HELD, held.firstUnheld(), held.firstUnheld()
                        + " is held by no document, yet a later position was written more than " + grace + " ago"));
            }
            if (overdue != null) {
                failures.add(new Failure(FailureKind.NOT_LINKED_IN_TIME, overdue,
                        "the commit was recorded more than " + grace + " ago and is still not linked"));
            }
        }
        List<Checkpoint> signedBefore = new ArrayList<>(genuine);
        removed.ifPresent(signedBefore::add);
        for (Checkpoint c : signedBefore) {
            String actual = hashAt.get(c.position());
            if (!broken && actual == null || actual != null && !actual.equals(c.hash())) {
                failures.add(new Failure(FailureKind.CHECKPOINT_MISMATCH, c.position(), "the chain "
                        + (actual == null ? "has no link ending here" : "hashes to " + actual)
                        + ", the checkpoint signed " + c.signedAt() + " says " + c.hash()));
            }
        }
        expected.ifPresent(e -> {
            String actual = hashAt.get(e.position());
            if (actual == null || !actual.equals(e.hash())) {
                failures.add(new Failure(FailureKind.EXPECTED_HEAD_MISMATCH, e.position(), "the chain "
                        + (actual == null ? "has no verified link ending here" : "hashes to " + actual)
                        + ", the published head says " + e.hash()));
            }
        });
        failures.sort(Comparator.comparingLong(Failure::position));
        Failure first = failures.isEmpty() ? null : failures.get(0);
        if (first != null) {
            log.error("Hash chain not intact at position {}: {} ({})", first.position(), first.kind(), first.detail());
        }
        return new Verification(first == null, verified, lastPosition, previous,
                first == null ? null : first.position(), first == null ? null : first.detail(), List.copyOf(failures),
                unchained, checkpointSummary(signed, genuine), now);
    }

    private static Failure check(long position, String previous, BsonDocument link, BsonDocument commit) {
        if (!previous.equals(link.getString("previous").getValue())) {
            return new Failure(FailureKind.LINK_NOT_FOLLOWING, position,
                    "the link does not follow the previous one (links were changed or removed)");
        }
        if (commit == null) {
            return new Failure(FailureKind.COMMIT_MISSING, position, "the commit at this position is missing");
        }
        if (!HashChain.hash(previous, commit).equals(link.getString("hash").getValue())) {
            return new Failure(FailureKind.COMMIT_CHANGED, position,
                    "the stored commit no longer matches its link (the commit or the link was changed)");
        }
        if (CommitFormat.last(commit) != link.getNumber("last").longValue()) {
            return new Failure(FailureKind.POSITIONS_CHANGED, position, "the commit's positions no longer match the link");
        }
        return null;
    }

    /** The linker moves the head after each link: a head past the verified links means links were removed. */
    private static void checkHead(BsonDocument current, long lastPosition, Map<Long, String> hashAt,
            List<Failure> failures) {
        if (current == null) {
            return;
        }
        long headLast = current.getNumber("last").longValue();
        if (headLast > lastPosition) {
            failures.add(new Failure(FailureKind.LINK_MISSING, lastPosition + 1,
                    "no link here, yet the chain's head says it was linked through position " + headLast));
        } else if (!current.getString("hash").getValue().equals(hashAt.get(headLast))) {
            failures.add(new Failure(FailureKind.HEAD_CHANGED, current.getNumber("position").longValue(),
                    "the chain's head records another hash than the link it names"));
        }
    }

    private Checkpoints checkpointSummary(List<Checkpoint> signed, List<Checkpoint> genuine) {
        if (key.isEmpty()) {
            return new Checkpoints(CheckpointStatus.NOT_CHECKED, signed.size(), 0, null,
                    "no checkpoint key given: signed checkpoints could not be checked, so a consistently "
                            + "rewritten chain would go unnoticed; give the key or compare a published head");
        }
        if (genuine.isEmpty()) {
            return new Checkpoints(CheckpointStatus.CHECKED, signed.size(), 0, null, null);
        }
        Checkpoint first = genuine.get(0);
        // an auditor who knows when the key was given can tell whether the first ones were removed
        return new Checkpoints(CheckpointStatus.CHECKED, signed.size(), genuine.size(),
                genuine.get(genuine.size() - 1).position(), "the first genuine checkpoint covers positions 1 to "
                        + first.position() + ", signed " + first.signedAt() + "; history before it is held only "
                        + "by the chain and a published head");
    }

    private static Map<Long, BsonDocument> byId(MongoCollection<BsonDocument> collection, List<BsonInt64> ids) {
        Map<Long, BsonDocument> result = new HashMap<>();
        collection.find(in("_id", ids)).forEach(d -> result.put(d.getNumber("_id").longValue(), d));
        return result;
    }
}
