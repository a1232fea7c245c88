package io.ledger.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * An event handled inside a processor's batch counts for read-your-writes only once the batch is
 * committed (its token stored, and with it every read-model write before it on the disk).
 */
class ProjectionProgressTest {

    private final ProjectionProgress progress = new ProjectionProgress(Mockito.mock(EventProcessingConfiguration.class));

    @Test
    void anEventHandledInABatchCountsOnceTheBatchIsCommitted() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e"));
        progress.handled("g", new GlobalSequenceTrackingToken(7));
        assertThat(progress.handledPosition("g")).as("before the batch's token is stored").isZero();
        batch.commit();
        assertThat(progress.handledPosition("g")).isEqualTo(7);
    }

    @Test
    void aBatchRolledBackCountsNothing() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e"));
        progress.handled("g", new GlobalSequenceTrackingToken(7));
        batch.rollback();
        assertThat(progress.handledPosition("g")).isZero();
    }

    @Test
    void outsideABatchAnEventCountsAtOnce() {
        progress.handled("g", new GlobalSequenceTrackingToken(3));
        assertThat(progress.handledPosition("g")).isEqualTo(3);
    }
}
