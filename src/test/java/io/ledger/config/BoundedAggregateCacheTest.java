package io.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

/** The aggregate cache holds what it was given until the capacity is reached, then drops the least recently used. */
class BoundedAggregateCacheTest {

    @Test
    void theLeastRecentlyUsedAggregateIsDroppedPastTheCapacityAndTheOthersAreKept() {
        BoundedAggregateCache cache = new BoundedAggregateCache(2);
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
        Object a = new Object();
        Object b = new Object();
        cache.put("program:A", a);
        cache.put("program:B", b);
        assertThat((Object) cache.get("program:A")).isSameAs(a); // A used after B: B is now the eldest

        cache.put("program:C", new Object());

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.containsKey("program:B")).isFalse();
        assertThat(expired).containsExactly("program:B");
        assertThat((Object) cache.get("program:A")).as("held strongly, not dropped by a collection").isSameAs(a);
    }

    @Test
    void aRemovedAggregateIsGoneAndRemovingItAgainSaysSo() {
        BoundedAggregateCache cache = new BoundedAggregateCache(4);
        cache.put("agency:A001", "copy");
        assertThat(cache.remove("agency:A001")).isTrue();
        assertThat(cache.remove("agency:A001")).isFalse();
        assertThat((Object) cache.get("agency:A001")).isNull();
        assertThat(cache.putIfAbsent("agency:A001", "second")).isTrue();
        assertThat(cache.putIfAbsent("agency:A001", "third")).isFalse();
        assertThat((Object) cache.get("agency:A001")).isEqualTo("second");
    }

    @Test
    void aCacheHoldsAtLeastOneAggregate() {
        assertThatThrownBy(() -> new BoundedAggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
