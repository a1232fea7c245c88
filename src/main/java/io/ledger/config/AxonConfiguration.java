package io.ledger.config;

import java.time.Duration;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.EventStoreProperties;
import io.ledger.eventstore.HashChain;
import io.ledger.eventstore.LedgerEventStorageEngine;

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
    EventStorageEngine eventStorageEngine(MongoDatabase database, Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer, org.axonframework.config.Configuration axon,
            EventStoreProperties properties) {
        return LedgerEventStorageEngine.builder()
                .database(database)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(axon.upcasterChain())
                .sealTimeout(properties.sealTimeout())
                .batchSize(properties.batchSize())
                .aggregateWindow(properties.aggregateWindow())
                .build();
    }

    @Bean
    HashChain hashChain(MongoDatabase database, EventStorageEngine engine) {
        return new HashChain(database, (LedgerEventStorageEngine) engine);
    }

    /** Links new commits into the hash chain shortly after they are written. */
    @Bean
    HashChainLinker hashChainLinker(HashChain chain, @Value("${ledger.hash-chain.interval:1s}") Duration interval) {
        return new HashChainLinker(chain, interval);
    }

    @Bean
    TokenStore tokenStore(MongoDatabase database, Serializer serializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                .serializer(serializer)
                .build();
    }

    @Bean
    SnapshotTriggerDefinition ledgerSnapshotTrigger(Snapshotter snapshotter, EventStoreProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    @Bean
    ConfigurerModule trackingProcessorsByDefault() {
        return configurer -> configurer.eventProcessing().usingTrackingEventProcessors();
    }
}
