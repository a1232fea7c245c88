package io.ledger.config;

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
    AuditService auditService(LedgerEventStorageEngine engine, MongoDatabase database) {
        return new AuditService(engine, database);
    }

    @Bean
    FacilityAudit facilityAudit(LedgerEventStorageEngine engine, MongoDatabase database) {
        return new FacilityAudit(engine, database);
    }

    @Bean
    Reconciliation reconciliation(LedgerEventStorageEngine engine, MongoDatabase database, ProjectionProgress progress) {
        return new Reconciliation(engine, database, progress::awaitPosition);
    }
}
