package io.ledger.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AxonMeterNamingTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    AxonMeterNamingTest() {
        registry.config().meterFilter(new AxonMeterNaming());
    }

    @Test
    void axonMetersGetSnakeCaseNamesTagsAndHelp() {
        Timer.builder("commandBus.successTimer").tag("payloadType", "OpenProgram").register(registry);
        Counter.builder("eventProcessor.failureCounter").tag("eventProcessor", "incentive-ledger").register(registry);
        Gauge.builder("eventStore.capacity", () -> 0.5).register(registry);

        Meter timer = registry.find("axon.command.bus.handling").timer();
        assertThat(timer).isNotNull();
        assertThat(timer.getId().getTag("outcome")).isEqualTo("success");
        assertThat(timer.getId().getTag("payload_type")).isEqualTo("OpenProgram");
        assertThat(timer.getId().getDescription()).isNotBlank();
        Meter counter = registry.find("axon.event.processor.messages").counter();
        assertThat(counter.getId().getTag("outcome")).isEqualTo("failure");
        assertThat(counter.getId().getTag("event_processor")).isEqualTo("incentive-ledger");
        assertThat(registry.find("axon.event.store.capacity").gauge().getId().getDescription()).isNotBlank();
    }

    @Test
    void repeatsAndNonBaseUnitsAreDropped() {
        Timer.builder("commandBus.allTimer").register(registry);
        Counter.builder("commandBus.processedCounter").register(registry);
        Gauge.builder("eventProcessor.latency", () -> 12).register(registry);

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void otherMetersAreLeftAlone() {
        Counter.builder("jvm.buffer.total.capacity").register(registry);
        assertThat(registry.find("jvm.buffer.total.capacity").counter()).isNotNull();
    }
}
