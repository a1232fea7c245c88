package io.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.testsupport.LedgerTestApplication;

/** A failed read-model update stops its processor and is retried; it is never logged and skipped. */
class ProjectionFailureHandlingTest extends LedgerTestApplication {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void projectionFailuresPropagate() {
        assertThat(processing.listenerInvocationErrorHandler(IncentiveCollections.PROCESSING_GROUP))
                .isSameAs(PropagatingErrorHandler.instance());
        assertThat(processing.listenerInvocationErrorHandler(FacilityCollections.PROCESSING_GROUP))
                .isSameAs(PropagatingErrorHandler.instance());
    }
}
