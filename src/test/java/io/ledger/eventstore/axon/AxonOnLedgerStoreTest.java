package io.ledger.eventstore.axon;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;

import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.testsupport.TestMongo;

/** The store under Axon itself: aggregates, snapshots, upcasters, races between nodes, replays. */
class AxonOnLedgerStoreTest {

    private static final int SNAPSHOT_EVERY = 5;

    private MongoDatabase database;
    private final List<Configuration> nodes = new ArrayList<>();
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        database = TestMongo.freshDatabase();
    }

    @AfterEach
    void tearDown() {
        nodes.forEach(Configuration::shutdown);
    }

    /** One application node on the shared database, with its own in-JVM aggregate locks. */
    private Configuration startNode() {
        Configuration configuration = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> EventSerialization.serializer())
                .configureEventSerializer(c -> EventSerialization.serializer())
                .configureMessageSerializer(c -> EventSerialization.serializer())
                .configureEmbeddedEventStore(c -> LedgerEventStorageEngine.builder()
                        .database(database)
                        .eventSerializer(c.eventSerializer())
                        .snapshotSerializer(c.serializer())
                        .upcasterChain(c.upcasterChain())
                        .build())
                .registerEventUpcaster(c -> new WithdrawnUpcaster())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Account.class)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(),
                                SNAPSHOT_EVERY)))
                .eventProcessing(processing -> processing
                        .registerTokenStore(c -> MongoTokenStore.builder()
                                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                                .serializer(c.serializer()).build())
                        .usingTrackingEventProcessors()
                        .registerEventHandler(c -> new CountingProjection(handled)))
                .buildConfiguration();
        configuration.start();
        nodes.add(configuration);
        return configuration;
    }

    @Test
    void aggregatesLoadFromTheStoreAndSnapshotsAreUsed() {
        CommandGateway gateway = startNode().commandGateway();
        gateway.sendAndWait(new Account.Open("acc-1"));
        for (int i = 1; i <= 12; i++) {
            gateway.sendAndWait(new Account.Deposit("acc-1", 100));
        }
        assertThat((Long) gateway.sendAndWait(new Account.ReadBalance("acc-1"))).isEqualTo(1200L);
        Document snapshot = database.getCollection("snapshots").find(eq("_id", "acc-1")).first();
        assertThat(snapshot).as("a snapshot was taken").isNotNull();
        assertThat(snapshot.getLong("sequence")).isGreaterThanOrEqualTo(SNAPSHOT_EVERY);

        // Falsify an event that the snapshot already covers: a load that uses the snapshot cannot see it.
        database.getCollection("events").updateOne(eq("aggregateKey", "acc-1@1"),
                Updates.set("events.0.payload.amountFen", 1_000_000L));
        CommandGateway freshNode = startNode().commandGateway(); // no cached aggregate
        assertThat((Long) freshNode.sendAndWait(new Account.ReadBalance("acc-1"))).isEqualTo(1200L);
    }

    @Test
    void documentsOfAnOlderRevisionAreUpcast() {
        CommandGateway gateway = startNode().commandGateway();
        gateway.sendAndWait(new Account.Open("acc-1"));
        gateway.sendAndWait(new Account.Deposit("acc-1", 1000));
        gateway.sendAndWait(new Account.Withdraw("acc-1", 300));
        // Rewrite the stored withdrawal as an older version of the application wrote it.
        var events = database.getCollection("events");
        Document commit = events.find(eq("aggregateKey", "acc-1@2")).first();
        Document withdrawal = commit.getList("events", Document.class).get(0);
        Document payload = withdrawal.get("payload", Document.class);
        payload.put("amount", payload.remove("amountFen"));
        withdrawal.put("revision", null);
        commit.put("events", List.of(withdrawal));
        events.replaceOne(eq("_id", commit.get("_id")), commit);

        CommandGateway freshNode = startNode().commandGateway();
        assertThat((Long) freshNode.sendAndWait(new Account.ReadBalance("acc-1"))).isEqualTo(700L);
    }

    @Test
    void concurrentCommandsOnOneAggregateFromTwoNodesLoseNoUpdate() throws Exception {
        CommandGateway first = startNode().commandGateway();
        CommandGateway second = startNode().commandGateway();
        first.sendAndWait(new Account.Open("acc-1"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            CommandGateway gateway = t % 2 == 0 ? first : second;
            runs.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    while (true) {
                        try {
                            gateway.sendAndWait(new Account.Deposit("acc-1", 1));
                            break;
                        } catch (ConcurrencyException | CommandExecutionException e) {
                            conflicts.incrementAndGet(); // refused, nothing stored: send again
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();

        CommandGateway reader = startNode().commandGateway();
        assertThat((Long) reader.sendAndWait(new Account.ReadBalance("acc-1"))).isEqualTo(200L);
        LedgerEventStorageEngine engine = LedgerEventStorageEngine.builder().database(database)
                .eventSerializer(EventSerialization.serializer()).snapshotSerializer(EventSerialization.serializer())
                .build();
        List<Long> sequences = engine.readEvents("acc-1").asStream().map(e -> e.getSequenceNumber()).toList();
        assertThat(sequences).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, 200).boxed().toList());
        assertThat(conflicts.get()).as("the nodes did collide").isPositive();
    }

    @Test
    void resettingAProcessorRedeliversEveryEventExactlyOnce() {
        Configuration node = startNode();
        CommandGateway gateway = node.commandGateway();
        for (int a = 0; a < 20; a++) {
            gateway.sendAndWait(new Account.Open("acc-" + a));
            gateway.sendAndWait(new Account.Deposit("acc-" + a, a));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 40);
        assertThat(handled.values()).allMatch(count -> count.get() == 1);

        TrackingEventProcessor processor = node.eventProcessingConfiguration()
                .eventProcessor(CountingProjection.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        gateway.sendAndWait(new Account.Open("after-reset"));

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 41
                && handled.values().stream().filter(c -> c.get() == 2).count() == 40);
        assertThat(handled.values()).as("the 40 replayed twice in all, the new one once")
                .filteredOn(count -> count.get() == 1).hasSize(1);
        assertThat(handled.values()).allMatch(count -> count.get() <= 2);
    }

    @org.axonframework.config.ProcessingGroup(CountingProjection.PROCESSING_GROUP)
    static class CountingProjection {
        static final String PROCESSING_GROUP = "counting";
        private final Map<String, AtomicInteger> handled;

        CountingProjection(Map<String, AtomicInteger> handled) {
            this.handled = handled;
        }

        @EventHandler
        void on(Object payload, EventMessage<?> message) {
            handled.computeIfAbsent(message.getIdentifier(), id -> new AtomicInteger()).incrementAndGet();
        }
    }
}
