package io.ledger.config;

import java.util.Base64;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.ledger.audit.AuditService;
import io.ledger.audit.FacilityAudit;
import io.ledger.audit.FoldCheckpoints;
import io.ledger.audit.Reconciliation;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.projections.support.ProjectionProgress;

@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /**
     * Point-in-time answers start from sealed checkpoints of the program's fold, one every
     * {@code ledger.audit.fold-checkpoints.every} events (not the hash chain's signed checkpoints).
     * The sealing key ({@code ledger.audit.fold-checkpoints.key}, base64 of at least 32 bytes, an
     * environment secret like the chain key) keeps them trusted across restarts and nodes; without it
     * each process seals with a key of its own and writes them again the first time it folds a program.
     */
    @Bean
    AuditService auditService(LedgerEventStorageEngine engine, MongoDatabase database,
            @Value("${ledger.audit.fold-checkpoints.every:200}") int checkpointEvery,
            @Value("${ledger.audit.fold-checkpoints.key:}") String checkpointKey) {
        byte[] key = checkpointKey.isBlank() ? null : Base64.getDecoder().decode(checkpointKey.strip());
        return new AuditService(engine, database, new FoldCheckpoints(database, checkpointEvery, key, true));
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
