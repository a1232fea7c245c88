package io.ledger.web.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one counter of requests a throttle turned away, for one reason, by channel: the console's
 * refusals are pages, not problem documents, and would never reach the problem counter. Both
 * channels are registered at zero, so that a dashboard shows "none throttled" rather than "no data".
 */
public final class ThrottledRequests {

    private final Counter api;
    private final Counter console;

    public ThrottledRequests(MeterRegistry registry, String reason) {
        this.api = counter(registry, "api", reason);
        this.console = counter(registry, "console", reason);
    }

    private static Counter counter(MeterRegistry registry, String channel, String reason) {
        return Counter.builder("ledger.http.throttled.requests")
                .description("Requests turned away by a throttle (too many expensive reads, too many failed "
                        + "sign-ins), by channel and reason")
                .tag("channel", channel).tag("reason", reason).register(registry);
    }

    public void count(boolean fromTheConsole) {
        (fromTheConsole ? console : api).increment();
    }
}
