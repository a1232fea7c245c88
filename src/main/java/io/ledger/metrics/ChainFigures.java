package io.ledger.metrics;

import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.bson.Document;

import com.mongodb.client.MongoCollection;

import io.ledger.eventstore.ChainVerifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How far the hash chain reaches, when it was last extended, and what its last verification found.
 * The chain's links are followed from where the previous sample stopped, by {@code _id} lookups
 * only; a full verification runs in the background at a long interval.
 */
final class ChainFigures implements BackgroundFigures {

    private static final int WINDOW = 256;

    private final MongoCollection<Document> links;
    private final Supplier<ChainVerifier.Verification> verifier;
    private final Duration verificationInterval;
    private final Clock clock;
    private long chainedUpTo;
    private volatile Instant lastLinkedAt;
    private volatile double headPosition = Double.NaN;
    private volatile ChainVerifier.Verification verification;

    ChainFigures(MongoCollection<Document> links, Supplier<ChainVerifier.Verification> verifier,
            Duration verificationInterval, Clock clock) {
        this.links = links;
        this.verifier = verifier;
        this.verificationInterval = verificationInterval;
        this.clock = clock;
    }

    void register(MeterRegistry registry) {
        Gauge.builder("ledger.hash.chain.head.position", this, f -> f.headPosition)
                .description("Last global position covered by a link of the hash chain").register(registry);
        Gauge.builder("ledger.hash.chain.last.link.age.seconds", this, ChainFigures::lastLinkAge)
                .description("Seconds since the hash chain was last extended").register(registry);
        Gauge.builder("ledger.hash.chain.intact", this, f -> f.verification == null ? Double.NaN
                        : f.verification.intact() ? 1 : 0)
                .description("1 when the last full verification found the chain intact, 0 when it found a "
                        + "changed, missing or inserted commit or link").register(registry);
        Gauge.builder("ledger.hash.chain.verification.timestamp.seconds", this,
                        f -> f.verification == null ? Double.NaN : f.verification.verifiedAt().toEpochMilli() / 1000.0)
                .description("When the chain was last verified in full (Unix time)").register(registry);
        Gauge.builder("ledger.hash.chain.verified.commits", this,
                        f -> f.verification == null ? Double.NaN : f.verification.commitsVerified())
                .description("Commits the last full verification walked").register(registry);
    }

    @Override
    public void refresh() {
        while (true) {
            List<Long> ids = new ArrayList<>(WINDOW);
            for (long p = chainedUpTo + 1; p <= chainedUpTo + WINDOW; p++) {
                ids.add(p);
            }
            Document latest = null;
            for (Document link : links.find(in("_id", ids))) {
                if (latest == null || number(link, "_id") > number(latest, "_id")) {
                    latest = link;
                }
            }
            if (latest == null) {
                break;
            }
            chainedUpTo = number(latest, "last");
            Object linkedAt = latest.get("linkedAt");
            lastLinkedAt = linkedAt instanceof String text ? Instant.parse(text) : lastLinkedAt;
        }
        headPosition = chainedUpTo;
        ChainVerifier.Verification last = verification;
        if (last == null || last.verifiedAt().plus(verificationInterval).isBefore(clock.instant())) {
            verification = verifier.get();
        }
    }

    private double lastLinkAge() {
        Instant at = lastLinkedAt;
        return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
    }

    private static long number(Document document, String field) {
        return ((Number) document.get(field)).longValue();
    }
}
