package io.ledger.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.Stream;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;

import io.ledger.api.EventMetadata;
import io.ledger.api.Money;
import io.ledger.eventstore.CommitLog;
import io.ledger.eventstore.StoredCommit;
import io.ledger.incentive.api.AwardBalance;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.api.IncentiveViews.AgencyBalance;

/**
 * What auditors ask of the event store itself, never of the read models: history with who did
 * what, balances at past instants, totals with the evidence behind them, exports.
 */
public class AuditService {

    /** Enough to tell whether two auditors looked at the same history. */
    public record Evidence(long events, long lastPosition, long lastSequence, String digest) {
    }

    public record BalanceAsOf(String programId, String agencyId, Money cap, Money computed, Money accrued,
            Money capped, Money unfunded, Money reserved, Money paid, Money outstanding, Money capHeadroom,
            Instant asOf, Evidence evidence) implements AgencyBalance {
    }

    public record ProgramTotals(String programId, Money budget, Money computed, Money accrued, Money capped,
            Money unfunded, Money reserved, Money paid, Money remainingBudget, Evidence evidence) {
    }

    public record HistoryEntry(long position, long sequence, String aggregateType, String aggregateId,
            String eventId, String type, String payloadType, String revision, String timestamp, JsonNode payload,
            String user, String roles, String correlationId, String causationId) {
    }

    /** One page of history: of one aggregate, or of one agency across programs. */
    public interface History {
        boolean more();

        List<HistoryEntry> events();
    }

    public record HistoryPage(String aggregateId, int page, int size, boolean more, List<HistoryEntry> events)
            implements History {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final CommitLog engine;
    private final MongoDatabase database;

    private final ProgramReplay replay;

    /** Without checkpoints: every point-in-time answer folds the program from its first event. */
    public AuditService(CommitLog engine, MongoDatabase database) {
        this(engine, database, null);
    }

    /** With checkpoints of the programs' folds (see {@link FoldCheckpoints}); null for none. */
    public AuditService(CommitLog engine, MongoDatabase database, FoldCheckpoints checkpoints) {
        this.engine = engine;
        this.database = database;
        this.replay = new ProgramReplay(engine, checkpoints);
    }

    /** One aggregate's events in order ({@code program:P1}, {@code agency:A001}, {@code venue:V1}), paged. */
    public HistoryPage history(String aggregateId, int page, int size) {
        long from = (long) page * size;
        List<HistoryEntry> entries = new ArrayList<>();
        boolean more = false;
        for (StoredCommit commit : (Iterable<StoredCommit>) engine.aggregateCommits(aggregateId, from)
                .map(c -> StoredCommit.of(c, aggregateId))::iterator) {
            for (StoredCommit.Event event : commit.events()) {
                if (event.sequence() < from) {
                    continue;
                }
                if (entries.size() == size) {
                    more = true;
                    break;
                }
                entries.add(entry(commit, event));
            }
            if (more) {
                break;
            }
        }
        return new HistoryPage(aggregateId, page, size, more, entries);
    }

    /**
     * The events of one aggregate that carry {@code field = value} in their payload, or all of its
     * events when {@code field} is null.
     */
    public record Strand(String aggregateId, String field, String value) {

        public static Strand all(String aggregateId) {
            return new Strand(aggregateId, null, null);
        }

        boolean wants(StoredCommit.Event event) {
            return field == null || value.equals(text(event.payload(), field));
        }
    }

    /** The events of a program that concern one agency, and the agency's own, in order; paged. */
    public HistoryPage agencyHistory(String agencyId, List<String> programIds, int page, int size) {
        return history(IncentiveCommands.agencyAggregateId(agencyId), agencyStrands(agencyId, programIds), page, size);
    }

    /** An agency's own events and those of the programs that name it. */
    public static List<Strand> agencyStrands(String agencyId, List<String> programIds) {
        List<Strand> strands = new ArrayList<>();
        strands.add(Strand.all(IncentiveCommands.agencyAggregateId(agencyId)));
        programIds.forEach(p -> strands.add(new Strand(IncentiveCommands.programAggregateId(p), "agencyId", agencyId)));
        return strands;
    }

    /**
     * The events of several strands merged in global order, one page of them. Each aggregate's
     * commits are read in order as a stream and only the page is kept, so the memory a request needs
     * does not grow with the history it pages through (the time does: a deep page reads every event
     * before it, which is why histories run under the bulkhead of expensive reads).
     */
    public HistoryPage history(String name, List<Strand> strands, int page, int size) {
        long skip = (long) page * size;
        List<HistoryEntry> entries = new ArrayList<>();
        boolean more = false;
        List<Stream<BsonDocument>> opened = new ArrayList<>();
        try {
            PriorityQueue<Cursor> cursors = new PriorityQueue<>(Comparator.comparingLong(Cursor::position));
            for (Strand strand : strands) {
                Stream<BsonDocument> commits = engine.aggregateCommits(strand.aggregateId(), 0);
                opened.add(commits);
                Cursor cursor = new Cursor(commits.map(c -> StoredCommit.of(c, strand.aggregateId()))
                        .flatMap(c -> c.events().stream().filter(strand::wants).map(e -> new Candidate(c, e)))
                        .iterator());
                if (cursor.advance()) {
                    cursors.add(cursor);
                }
            }
            for (long seen = 0; !cursors.isEmpty(); seen++) {
                Cursor cursor = cursors.poll();
                if (seen >= skip) {
                    if (entries.size() == size) {
                        more = true;
                        break;
                    }
                    entries.add(entry(cursor.head.commit(), cursor.head.event()));
                }
                if (cursor.advance()) {
                    cursors.add(cursor);
                }
            }
        } finally {
            opened.forEach(Stream::close);
        }
        return new HistoryPage(name, page, size, more, entries);
    }

    private record Candidate(StoredCommit commit, StoredCommit.Event event) {
    }

    /** One strand's next event; its commits are read from the store only as the merge reaches them. */
    private static final class Cursor {
        private final Iterator<Candidate> rest;
        private Candidate head;

        Cursor(Iterator<Candidate> rest) {
            this.rest = rest;
        }

        boolean advance() {
            long previous = head == null ? 0 : head.event().position();
            head = rest.hasNext() ? rest.next() : null;
            if (head != null && head.event().position() <= previous) {
                // an aggregate's versions are stored in rising positions; a merge on anything else would mislead
                throw new IllegalStateException("the history of " + head.commit().aggregateId() + " is not in global "
                        + "order at position " + head.event().position() + "; run the position check");
            }
            return head != null;
        }

        long position() {
            return head.event().position();
        }
    }

    private static HistoryEntry entry(StoredCommit commit, StoredCommit.Event event) {
        JsonNode payload;
        try {
            payload = JSON.readTree(event.payload().toJson(RELAXED));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String type = event.payloadType();
        String simple = type == null ? null : type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
        // Axon's message-origin provider: "traceId" is the root of the conversation, "correlationId" the parent
        return new HistoryEntry(event.position(), event.sequence(), commit.aggregateType(), commit.aggregateId(),
                event.eventId(), simple, type, event.revision(), event.timestamp(), payload, event.metadata(EventMetadata.USER),
                event.metadata(EventMetadata.ROLES), event.metadata(EventMetadata.TRACE_ID),
                event.metadata(EventMetadata.CORRELATION_ID));
    }

    /**
     * An agency's balance from the program's commits recorded up to {@code asOf}: nothing recorded
     * later can change it. One replay of the program's stream.
     */
    public Optional<BalanceAsOf> balanceAsOf(String programId, String agencyId, Instant asOf) {
        Folded folded = fold(programId, asOf);
        if (!folded.fold.opened() || !folded.fold.enrolled(agencyId)) {
            return Optional.empty();
        }
        AwardBalance f = folded.fold.agencies().get(agencyId);
        Money cap = folded.fold.cap(agencyId);
        return Optional.of(new BalanceAsOf(programId, agencyId, cap, f.computed(), f.accrued(), f.capped(),
                f.unfunded(), f.reserved(), f.paid(), f.outstanding(), f.capHeadroom(cap), asOf, folded.evidence));
    }

    /** A program's totals folded from its events, with the evidence behind them. */
    public Optional<ProgramTotals> programTotals(String programId) {
        Folded folded = fold(programId, null);
        if (!folded.fold.opened()) {
            return Optional.empty();
        }
        AwardBalance t = folded.fold.totals();
        return Optional.of(new ProgramTotals(programId, folded.fold.budget(), t.computed(), t.accrued(), t.capped(),
                t.unfunded(), t.reserved(), t.paid(), folded.fold.budget().minus(t.accrued()), folded.evidence));
    }

    /** The fold and its evidence, over the commits recorded up to {@code asOf} (all when null). */
    Folded fold(String programId, Instant asOf) {
        return replay.fold(programId, asOf);
    }

    record Folded(ProgramFold fold, Evidence evidence) {
    }

    /** Every event of a program as CSV, one line per event. */
    public void eventsCsv(String programId, Appendable csv) {
        Csv.row(csv, "position", "sequence", "timestamp", "type", "agencyId", "reportId", "payoutId", "amount", "user",
                "roles", "eventId", "payload");
        String aggregateId = IncentiveCommands.programAggregateId(programId);
        engine.aggregateCommits(aggregateId, 0).map(c -> StoredCommit.of(c, aggregateId)).forEach(commit -> commit.events().forEach(e -> {
            HistoryEntry entry = entry(commit, e);
            Csv.row(csv, entry.position(), entry.sequence(), entry.timestamp(), entry.type(),
                    text(e.payload(), "agencyId"), text(e.payload(), "reportId"), text(e.payload(), "payoutId"),
                    text(e.payload(), "amount"), entry.user(), entry.roles(), entry.eventId(), entry.payload().toString());
        }));
    }

    /** Every enrolled agency's balance as CSV, at {@code asOf} or now. */
    public void balancesCsv(String programId, Instant asOf, Appendable csv) {
        Folded folded = fold(programId, asOf);
        Csv.row(csv, "programId", "agencyId", "cap", "computed", "accrued", "capped", "unfunded", "reserved", "paid",
                "outstanding", "capHeadroom", "asOf", "events", "lastPosition", "digest");
        Instant at = asOf == null ? Instant.now() : asOf;
        folded.fold.agencies().forEach((agencyId, f) -> Csv.row(csv, programId, agencyId, folded.fold.cap(agencyId),
                f.computed(), f.accrued(), f.capped(), f.unfunded(), f.reserved(), f.paid(), f.outstanding(),
                f.capHeadroom(folded.fold.cap(agencyId)), at,
                folded.evidence.events(), folded.evidence.lastPosition(), folded.evidence.digest()));
    }

    /** The programs the read model knows (a handful of documents), to look for an agency's events. */
    public List<String> programIds() {
        List<String> ids = new ArrayList<>();
        database.getCollection("view_programs").find().forEach((Document d) -> ids.add(d.getString("_id")));
        return ids;
    }

    private static String text(BsonDocument payload, String key) {
        var value = payload == null ? null : payload.get(key);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

}
