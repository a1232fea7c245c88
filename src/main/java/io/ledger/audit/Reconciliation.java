package io.ledger.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.facilities.FacilityProjection;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.projections.incentive.IncentiveProjection;
import io.ledger.projections.support.ProjectionProgress;

/**
 * Rebuilds a projection from the event store into fresh collections beside the live ones and
 * compares them document by document. The live system keeps answering meanwhile: the rebuild only
 * reads events and writes its own collections.
 */
public class Reconciliation {

    /** How the live read model waits until it has seen a position (always true for a stopped system). */
    public interface LiveProgress {
        boolean awaitPosition(String processingGroup, long position, Duration timeout);
    }

    public record CollectionReport(String live, String rebuilt, long liveDocuments, long rebuiltDocuments,
            List<String> missingInLive, List<String> missingInRebuilt, List<String> different) {
        public boolean identical() {
            return missingInLive.isEmpty() && missingInRebuilt.isEmpty() && different.isEmpty();
        }
    }

    public record Report(String projection, boolean identical, long eventsReplayed, long throughPosition,
            double replayEventsPerSecond, Instant startedAt, Instant finishedAt, boolean liveCaughtUp,
            List<CollectionReport> collections) {
    }

    public static final List<String> PROJECTIONS = List.of(IncentiveCollections.PROCESSING_GROUP,
            FacilityCollections.PROCESSING_GROUP);

    private static final int LISTED = 20;

    private final LedgerEventStorageEngine engine;
    private final MongoDatabase database;
    private final LiveProgress live;

    public Reconciliation(LedgerEventStorageEngine engine, MongoDatabase database, LiveProgress live) {
        this.engine = engine;
        this.database = database;
        this.live = live;
    }

    /**
     * Rebuilds {@code projection} (a processing group name) and compares it with the live one. The
     * projection runs against an in-memory MongoDB-wire server (no disk flush per update); its result
     * is then written in bulk into fresh collections beside the live ones.
     */
    public Report reconcile(String projection, boolean keepRebuilt) {
        try (Staging staging = new Staging()) {
            return reconcile(projection, keepRebuilt, staging);
        }
    }

    /** A throw-away in-memory server for the projection's many small reads and writes. */
    private static final class Staging implements AutoCloseable {
        final de.bwaldvogel.mongo.MongoServer server =
                new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
        final MongoClient client;

        Staging() {
            String uri = server.bindAndGetConnectionString();
            client = MongoClients.create(uri);
        }

        MongoDatabase database() {
            return client.getDatabase("rebuild");
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }

    private Report reconcile(String projection, boolean keepRebuilt, Staging staging) {
        String prefix = "rebuild_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        Rebuild rebuild = rebuild(projection, staging.database(), prefix);
        Instant started = Instant.now();
        long replayed = 0;
        TrackingToken token = null;
        long through = 0;
        boolean caughtUp = false;
        long replayNanos = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            long begin = System.nanoTime();
            Iterator<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false).iterator();
            while (events.hasNext()) {
                TrackedEventMessage<?> message = events.next();
                rebuild.handle(message);
                token = message.trackingToken();
                replayed++;
            }
            replayNanos += System.nanoTime() - begin;
            through = token == null ? 0 : token.position().orElse(0);
            caughtUp = live.awaitPosition(projection, engine.positionToAwait(null), Duration.ofSeconds(30));
            if (engine.positionToAwait(null) <= through) {
                break; // nothing was written meanwhile: live and rebuilt saw the same events
            }
        }
        // Without keepRebuilt nothing is written to the ledger's database, so that a verifier on a
        // read-only store can reconcile: the staged collections are compared directly.
        List<MongoCollection<Document>> compared = keepRebuilt ? rebuild.rebuiltCollections : rebuild.stagedCollections;
        if (keepRebuilt) {
            for (int i = 0; i < rebuild.stagedCollections.size(); i++) {
                copy(rebuild.stagedCollections.get(i), rebuild.rebuiltCollections.get(i));
            }
        }
        List<CollectionReport> reports = new ArrayList<>();
        for (int i = 0; i < rebuild.liveCollections.size(); i++) {
            reports.add(compare(rebuild.liveCollections.get(i), compared.get(i)));
        }
        boolean identical = reports.stream().allMatch(CollectionReport::identical);
        double seconds = replayNanos / 1e9;
        return new Report(projection, identical, replayed, through, seconds == 0 ? 0 : replayed / seconds, started,
                Instant.now(), caughtUp, reports);
    }

    private record Rebuild(AnnotationEventHandlerAdapter adapter, List<MongoCollection<Document>> liveCollections,
            List<MongoCollection<Document>> stagedCollections, List<MongoCollection<Document>> rebuiltCollections) {
        void handle(TrackedEventMessage<?> message) {
            try {
                if (adapter.canHandle(message)) {
                    adapter.handle(message);
                }
            } catch (Exception e) {
                throw new IllegalStateException("rebuild failed at " + message.trackingToken(), e);
            }
        }
    }

    private Rebuild rebuild(String projection, MongoDatabase staging, String prefix) {
        ProjectionProgress noWaiting = new ProjectionProgress(null);
        if (IncentiveCollections.PROCESSING_GROUP.equals(projection)) {
            IncentiveCollections staged = new IncentiveCollections(staging);
            return new Rebuild(new AnnotationEventHandlerAdapter(new IncentiveProjection(staged, noWaiting)),
                    new IncentiveCollections(database).all(), staged.all(),
                    new IncentiveCollections(database, prefix).all());
        }
        if (FacilityCollections.PROCESSING_GROUP.equals(projection)) {
            FacilityCollections staged = new FacilityCollections(staging);
            return new Rebuild(new AnnotationEventHandlerAdapter(new FacilityProjection(staged, noWaiting)),
                    new FacilityCollections(database).all(), staged.all(),
                    new FacilityCollections(database, prefix).all());
        }
        throw new IllegalArgumentException("unknown projection " + projection + "; known: " + PROJECTIONS);
    }

    private static void copy(MongoCollection<Document> from, MongoCollection<Document> to) {
        List<Document> batch = new ArrayList<>();
        for (Document document : from.find()) {
            batch.add(document);
            if (batch.size() == 1_000) {
                to.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            to.insertMany(batch);
        }
    }

    private static CollectionReport compare(MongoCollection<Document> live, MongoCollection<Document> rebuilt) {
        Map<Object, Document> liveDocs = load(live);
        Map<Object, Document> rebuiltDocs = load(rebuilt);
        List<String> missingInLive = new ArrayList<>();
        List<String> missingInRebuilt = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (Map.Entry<Object, Document> entry : rebuiltDocs.entrySet()) {
            Document other = liveDocs.get(entry.getKey());
            if (other == null) {
                add(missingInLive, entry.getKey());
            } else if (!Objects.equals(normalized(other), normalized(entry.getValue()))) {
                add(different, entry.getKey());
            }
        }
        for (Object id : liveDocs.keySet()) {
            if (!rebuiltDocs.containsKey(id)) {
                add(missingInRebuilt, id);
            }
        }
        return new CollectionReport(live.getNamespace().getCollectionName(),
                rebuilt.getNamespace().getCollectionName(), liveDocs.size(), rebuiltDocs.size(), missingInLive,
                missingInRebuilt, different);
    }

    /** Set-like lists (index entries) are compared as sets; everything else exactly. */
    private static Object normalized(Document document) {
        Map<String, Object> copy = new LinkedHashMap<>(document);
        Object ids = copy.get("venueIds");
        if (ids instanceof List<?> list) {
            copy.put("venueIds", new TreeSet<>(list.stream().map(String::valueOf).toList()));
        }
        return copy;
    }

    private static void add(List<String> list, Object id) {
        if (list.size() < LISTED) {
            list.add(String.valueOf(id));
        }
    }

    private static Map<Object, Document> load(MongoCollection<Document> collection) {
        Map<Object, Document> documents = new HashMap<>();
        collection.find().forEach(d -> documents.put(d.get("_id"), d));
        return documents;
    }

}
