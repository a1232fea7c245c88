package io.ledger.eventstore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sealTimeout       how long a reserved global position may stay empty before readers seal it
 * @param batchSize         positions a tracking reader fetches at once
 * @param aggregateWindow   aggregate versions fetched at once when loading an aggregate
 * @param snapshotThreshold events after which an aggregate is snapshotted
 * @param pollInterval      how long a tracking reader that found nothing new waits before asking the
 *                          store again: an append on this node wakes it at once, an append on another
 *                          node only this poll finds (and read-your-writes on that node waits for it)
 */
@ConfigurationProperties("ledger.event-store")
public record EventStoreProperties(
        @DefaultValue("10s") Duration sealTimeout,
        @DefaultValue("256") int batchSize,
        @DefaultValue("64") int aggregateWindow,
        @DefaultValue("100") int snapshotThreshold,
        @DefaultValue("50ms") Duration pollInterval) {
}
