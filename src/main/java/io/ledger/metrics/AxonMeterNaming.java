package io.ledger.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Gives Axon's Micrometer meters Prometheus-style names, base units and help text.
 *
 * <p>Axon names its meters {@code <component>.<camelCaseMetric>} ({@code commandBus.successTimer},
 * {@code eventProcessor.capacity}) with no description. Here they become
 * {@code axon.<component>.<metric>} in snake case, with the outcome as a tag instead of part of the
 * name, so that {@code sum()} over a metric never counts a message twice. Meters that only repeat
 * others ({@code allTimer}, {@code processedCounter}) and the latency gauge, which Axon reports in
 * milliseconds, are dropped.
 */
public final class AxonMeterNaming implements MeterFilter {

    private static final Set<String> COMPONENTS = Set.of("eventProcessor", "commandBus", "eventStore", "eventBus",
            "queryBus", "queryUpdateEmitter", "deadlineManager");

    private static final Set<String> DROPPED = Set.of("allTimer", "processedCounter", "latency");

    private record Rename(String metric, String outcome, String description) {
    }

    private static final Map<String, Rename> RENAMES = Map.of(
            "successTimer", new Rename("handling", "success", "Time taken to handle a message, by outcome"),
            "failureTimer", new Rename("handling", "failure", "Time taken to handle a message, by outcome"),
            "ignoredTimer", new Rename("handling", "ignored", "Time taken to handle a message, by outcome"),
            "successCounter", new Rename("messages", "success", "Messages handled, by outcome"),
            "failureCounter", new Rename("messages", "failure", "Messages handled, by outcome"),
            "ignoredCounter", new Rename("messages", "ignored", "Messages handled, by outcome"),
            "ingestedCounter", new Rename("messages.ingested", null, "Messages received for handling"),
            "capacity", new Rename("capacity", null, "Share of the component's threads busy handling messages"));

    static boolean isAxon(Meter.Id id) {
        String name = id.getName();
        int dot = name.indexOf('.');
        return dot > 0 && COMPONENTS.contains(name.substring(0, dot));
    }

    private static String metric(Meter.Id id) {
        return id.getName().substring(id.getName().indexOf('.') + 1);
    }

    /** Micrometer asks {@link #accept} about the id that {@link #map} returned. */
    private static final String DROP_MARK = "axon.dropped.";

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getName().startsWith(DROP_MARK) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!isAxon(id)) {
            return id;
        }
        String component = id.getName().substring(0, id.getName().indexOf('.'));
        if (DROPPED.contains(metric(id))) {
            return id.withName(DROP_MARK + id.getName());
        }
        Rename rename = RENAMES.get(metric(id));
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTags()) {
            tags.add(Tag.of(dotted(tag.getKey()).replace('.', '_'), tag.getValue()));
        }
        if (rename == null) {
            return new Meter.Id("axon." + dotted(component) + "." + dotted(metric(id)),
                    Tags.of(tags), id.getBaseUnit(), id.getDescription(), id.getType());
        }
        if (rename.outcome() != null) {
            tags.add(Tag.of("outcome", rename.outcome()));
        }
        String baseUnit = id.getType() == Meter.Type.TIMER ? null : id.getBaseUnit();
        return new Meter.Id("axon." + dotted(component) + "." + rename.metric(), Tags.of(tags),
                baseUnit, rename.description(), id.getType());
    }

    /** {@code eventProcessor} becomes {@code event.processor}, which Prometheus writes as {@code event_processor}. */
    static String dotted(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1.$2").toLowerCase(Locale.ROOT);
    }
}
