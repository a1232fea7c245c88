package io.ledger.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param capacity how many aggregates (programs, agencies, venues together) a node keeps in memory
 *                 between commands; the least recently used is dropped first and loaded again from
 *                 its snapshot and events when next needed
 */
@ConfigurationProperties("ledger.aggregate-cache")
public record AggregateCacheProperties(@DefaultValue("1024") int capacity) {
}
