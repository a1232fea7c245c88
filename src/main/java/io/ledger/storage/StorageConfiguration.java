package io.ledger.storage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    @Bean(destroyMethod = "close")
    LedgerStorage ledgerStorage(StorageProperties properties, StoreTimeouts timeouts) {
        return LedgerStorage.open(properties, timeouts);
    }

    @Bean(destroyMethod = "")
    MongoClient mongoClient(LedgerStorage storage) {
        // Closed by LedgerStorage, after everything that uses it.
        return storage.client();
    }

    @Bean
    MongoDatabase ledgerDatabase(LedgerStorage storage, ObjectProvider<StoreOpeningCheck> checks) {
        MongoDatabase database = storage.database();
        checks.orderedStream().forEach(check -> check.check(database));
        return database;
    }

    @Bean
    HealthIndicator storageHealthIndicator(LedgerStorage storage) {
        return () -> {
            try {
                storage.ping();
                return Health.up().withDetail("storage", storage.describe()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("storage", storage.describe())
                        .withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }
}
