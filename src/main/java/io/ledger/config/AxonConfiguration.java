package io.ledger.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.ChainCheckpoints;
import io.ledger.eventstore.ChainKey;
import io.ledger.eventstore.ChainVerifier;
import io.ledger.eventstore.CommitLog;
import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.EventStoreProperties;
import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.incentive.domain.Program;
import io.ledger.projections.support.StoredTokens;
import io.ledger.storage.StoreReachability;

/** Axon on MongoDB: our event store, axon-mongo's token store, Jackson everywhere. */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    @Primary
    Serializer serializer() {
        return EventSerialization.serializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return EventSerialization.serializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return EventSerialization.serializer();
    }

    @Bean
    LedgerEventStorageEngine eventStorageEngine(MongoDatabase database, Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer, org.axonframework.config.Configuration axon,
            EventStoreProperties properties, MongoClient mongoClient) {
        StoreReachability store = new StoreReachability(mongoClient::getClusterDescription);
        return LedgerEventStorageEngine.builder()
                .database(database)
                // commands queued on an aggregate's lock when the store went away fail at once, in turn: the
                // failed holder's rollback evicted the cached aggregate, so each would load it and wait out
                // the server selection
                .storeCheck(store::refuseWhenNoMemberReachable)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                // a snapshot of another layout of the program is not read: the program replays its events
                .snapshotFilter(RevisionSnapshotFilter.builder().type(Program.class.getSimpleName())
                        .revision(Program.SNAPSHOT_REVISION).build())
                .sealTimeout(properties.sealTimeout())
                .batchSize(properties.batchSize())
                .aggregateWindow(properties.aggregateWindow())
                .build();
    }

    /**
     * Axon's own event store over ours, as its auto-configuration builds it, but polling the store every
     * {@code ledger.event-store.poll-interval} instead of every second: with several nodes, the node
     * whose processors hold the segments learns of another node's appends only by polling, and that
     * node's command answers only once they are handled. A poll that finds nothing asks for the next
     * positions by {@code _id}, which stays cheap on both stores.
     */
    @Bean
    EmbeddedEventStore eventStore(LedgerEventStorageEngine engine, org.axonframework.config.Configuration axon,
            EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(engine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.pollInterval().toMillis())
                .build();
    }

    @Bean
    HashChain hashChain(MongoDatabase database, CommitLog commitLog) {
        return new HashChain(database, commitLog);
    }

    /**
     * Links new commits into the hash chain shortly after they are written, and signs checkpoints, on
     * the one node holding its claim, stored among the processors' tokens under a name no processor has.
     */
    @Bean
    HashChainLinker hashChainLinker(HashChain chain, TokenStore tokenStore, MongoDatabase database,
            HashChainProperties properties, Clock clock) {
        return new HashChainLinker(chain, tokenStore, "hash-chain-linker", properties.interval(), chainKey(properties),
                new ChainCheckpoints(database), properties.checkpointEvery(), clock);
    }

    /**
     * Checks the chain without writing; the verifier needs the key only to check checkpoints, and holds
     * the store to the last checkpoint this application's linker signed.
     */
    @Bean
    ChainVerifier chainVerifier(MongoDatabase database, HashChainProperties properties, Clock clock,
            HashChainLinker linker) {
        return new ChainVerifier(database, properties.grace(), properties.checkpointEvery(), chainKey(properties),
                clock, linker::signedHere);
    }

    private static Optional<ChainKey> chainKey(HashChainProperties properties) {
        return ChainKey.load(properties.keyFile(), properties.key());
    }

    /**
     * The builder's default ({@code ensureIndexes(true)}) creates the unique (processorName, segment)
     * index that makes a claim exclusive: without it two nodes starting a new processor together could
     * both insert its token and both process every event. {@code TokenStoreClaimTest} pins it.
     */
    @Bean
    TokenStore tokenStore(MongoTemplate tokenTemplate, Serializer serializer,
            @Value("${ledger.node-id:}") String nodeId) {
        MongoTokenStore.Builder builder = MongoTokenStore.builder().mongoTemplate(tokenTemplate).serializer(serializer);
        // Axon's default owner is the JVM's "pid@host": distinct per node unless two share a JVM (tests)
        if (!nodeId.isBlank()) {
            builder.nodeId(nodeId);
        }
        return builder.build();
    }

    @Bean
    MongoTemplate tokenTemplate(MongoDatabase database) {
        return DefaultMongoTemplate.builder().mongoDatabase(database).build();
    }

    /**
     * The tokens every node's processors store, read by read-your-writes on a node that does not hold
     * every segment itself; which documents are a processor's segments is looked up again every second.
     */
    @Bean
    StoredTokens storedTokens(MongoTemplate tokenTemplate, Serializer serializer) {
        return new StoredTokens(tokenTemplate.trackingTokensCollection(), serializer, Duration.ofSeconds(1));
    }

    /**
     * Snapshots are taken on a thread of their own once the command that triggered them has committed,
     * not on the request thread: Axon's default runs them there, inside the aggregate's lock, and a
     * program's snapshot holds every report and grows with it. The snapshotter reads the aggregate's
     * events itself, so nothing it does depends on the command. One thread: snapshots of one aggregate
     * never race, and one in progress per aggregate is all Axon schedules.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration axon,
            HandlerDefinition handlerDefinition, ParameterResolverFactory parameterResolverFactory,
            EventStore eventStore, TransactionManager transactionManager, SnapshotterSpanFactory spanFactory,
            ExecutorService snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(axon::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    @Bean
    ExecutorService snapshotExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "snapshotter");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A snapshot being taken at shutdown may finish; one that does not is taken again later. */
    @Bean
    DisposableBean snapshotExecutorShutdown(ExecutorService snapshotExecutor, MongoClient mongoClient) {
        // the client as a parameter: this bean is destroyed before it, so snapshots finish while it is open
        return () -> {
            snapshotExecutor.shutdown();
            if (!snapshotExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
                snapshotExecutor.shutdownNow();
            }
        };
    }

    @Bean
    SnapshotTriggerDefinition ledgerSnapshotTrigger(Snapshotter snapshotter, EventStoreProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    /**
     * The aggregates kept between commands by Axon's caching repository ({@code @Aggregate(cache =
     * "aggregateCache")} on Program, Agency and Venue). One cache for the three: their identifiers are
     * typed ({@code program:}, {@code agency:}, {@code venue:}) and the store keys commits by
     * identifier alone. A copy that another node has overtaken is caught when it appends: the store
     * refuses the sequence, the unit of work rolls back, the repository drops the copy and the
     * gateway's retry loads the aggregate afresh ({@code AggregateCacheTest}).
     */
    @Bean
    Cache aggregateCache(AggregateCacheProperties properties) {
        return new BoundedAggregateCache(properties.capacity());
    }

    /**
     * Processors handle up to {@code ledger.projections.batch-size} available events in one unit of
     * work and store their token once for them (never waiting for a batch to fill).
     */
    @Bean
    ConfigurerModule trackingProcessorsByDefault(@Value("${ledger.projections.batch-size:100}") int batchSize) {
        // A projection whose update fails (storage away, a figure that cannot be held) must not move
        // past the event: Axon's default handler logs and skips it, which would leave a read model
        // silently wrong. Propagating stops the processor, which backs off and retries the same batch
        // (every read-model update is guarded by the event's sequence, so a repeat changes nothing).
        return configurer -> configurer.eventProcessing().usingTrackingEventProcessors()
                .registerTrackingEventProcessorConfiguration(c -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(batchSize))
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
