package io.ledger.config;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.ledger.audit.AuditService;
import io.ledger.audit.FacilityAudit;
import io.ledger.audit.Reconciliation;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.projections.support.ProjectionProgress;

@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    AuditService auditService(EventStorageEngine engine, MongoDatabase database) {
        return new AuditService((LedgerEventStorageEngine) engine, database);
    }

    @Bean
    FacilityAudit facilityAudit(EventStorageEngine engine, MongoDatabase database) {
        return new FacilityAudit((LedgerEventStorageEngine) engine, database);
    }

    @Bean
    Reconciliation reconciliation(EventStorageEngine engine, MongoDatabase database, ProjectionProgress progress) {
        return new Reconciliation((LedgerEventStorageEngine) engine, database, progress::awaitPosition);
    }
}
