package io.ledger.audit;

import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import com.mongodb.client.MongoDatabase;

import io.ledger.api.Money;
import io.ledger.eventstore.CommitLog;
import io.ledger.eventstore.Digests;
import io.ledger.eventstore.StoredCommit;
import io.ledger.facilities.api.FacilityCalendar;
import io.ledger.facilities.api.FacilityCommands;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.projections.facilities.FacilityQueries;

/**
 * Payment-facility totals computed again from the venues' stored events, with the evidence behind
 * them: a second, independent computation of what the read models publish.
 */
public class FacilityAudit {

    public record Evidence(long venues, long events, long lastPosition, String digest) {
    }

    public record ChannelTotal(Channel channel, long transactions, Money amount) {
    }

    public record ActivityTotals(LocalDate from, LocalDate to, List<ChannelTotal> channels, long visitorsServed,
            Evidence evidence) {
    }

    public record CategoryCoverage(Category category, int venues, int withForeignCardPos, String posCoverage,
            int withCurrencyExchange, String exchangeCoverage) {
    }

    public record Coverage(LocalDate asOf, List<CategoryCoverage> categories, Evidence evidence) {
    }

    private final CommitLog engine;
    private final MongoDatabase database;

    public FacilityAudit(CommitLog engine, MongoDatabase database) {
        this.engine = engine;
        this.database = database;
    }

    private record Venue(String id, Category category, LocalDate openedOn, List<BsonDocument> installed,
            Map<String, LocalDate> removed, List<BsonDocument> activity) {
    }

    private record Loaded(List<Venue> venues, Evidence evidence) {
    }

    /** Every venue's events, venue by venue in id order, digested as stored. */
    private Loaded load() {
        TreeSet<String> ids = new TreeSet<>();
        database.getCollection("view_venue_index").find()
                .forEach((Document d) -> ids.addAll(d.getList("venueIds", String.class)));
        MessageDigest digest = Digests.sha256();
        long events = 0;
        long lastPosition = 0;
        List<Venue> venues = new ArrayList<>();
        for (String id : ids) {
            Venue venue = null;
            for (BsonDocument raw : (Iterable<BsonDocument>) engine.aggregateCommits(
                    FacilityCommands.venueAggregateId(id), 0)::iterator) {
                digest.update(new RawBsonDocument(raw, new BsonDocumentCodec()).getByteBuffer().asNIO());
                StoredCommit commit = StoredCommit.of(raw, FacilityCommands.venueAggregateId(id));
                lastPosition = Math.max(lastPosition, commit.lastPosition());
                for (StoredCommit.Event event : commit.events()) {
                    events++;
                    BsonDocument p = event.payload();
                    switch (simpleName(event.payloadType())) {
                        case "VenueRegistered" -> venue = new Venue(id, Category.valueOf(text(p, "category")),
                                text(p, "openedOn") == null ? null : LocalDate.parse(text(p, "openedOn")),
                                new ArrayList<>(), new HashMap<>(), new ArrayList<>());
                        case "FacilityInstalled" -> venue.installed().add(p);
                        case "FacilityRemoved" -> venue.removed().put(text(p, "facilityId"),
                                LocalDate.parse(text(p, "removedOn")));
                        case "PaymentActivityRecorded" -> venue.activity().add(p);
                        default -> { }
                    }
                }
            }
            if (venue != null) {
                venues.add(venue);
            }
        }
        return new Loaded(venues, new Evidence(venues.size(), events, lastPosition,
                HexFormat.of().formatHex(digest.digest())));
    }

    public ActivityTotals activity(LocalDate from, LocalDate to) {
        Loaded loaded = load();
        Map<Channel, long[]> totals = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            totals.put(channel, new long[2]);
        }
        long visitors = 0;
        for (Venue venue : loaded.venues()) {
            for (BsonDocument record : venue.activity()) {
                LocalDate start = LocalDate.parse(text(record, "periodStart"));
                LocalDate end = LocalDate.parse(text(record, "periodEnd"));
                if (!FacilityCalendar.periodWithin(start, end, from, to)) {
                    continue;
                }
                long[] channel = totals.get(Channel.valueOf(text(record, "channel")));
                channel[0] += record.getNumber("transactions").longValue();
                channel[1] += Money.of(text(record, "amount")).fen();
                visitors += record.getNumber("visitorsServed").longValue();
            }
        }
        List<ChannelTotal> channels = totals.entrySet().stream()
                .map(e -> new ChannelTotal(e.getKey(), e.getValue()[0], new Money(e.getValue()[1]))).toList();
        return new ActivityTotals(from, to, channels, visitors, loaded.evidence());
    }

    public Coverage coverage(LocalDate asOf) {
        Loaded loaded = load();
        List<CategoryCoverage> result = new ArrayList<>();
        for (Category category : Category.values()) {
            int venues = 0;
            int pos = 0;
            int exchange = 0;
            for (Venue venue : loaded.venues()) {
                if (venue.category() != category || !FacilityCalendar.openOn(venue.openedOn(), asOf)) {
                    continue;
                }
                venues++;
                if (inService(venue, asOf, "FOREIGN_CARD_POS")) {
                    pos++;
                }
                if (inService(venue, asOf, "EXCHANGE_COUNTER") || inService(venue, asOf, "EXCHANGE_MACHINE")) {
                    exchange++;
                }
            }
            result.add(new CategoryCoverage(category, venues, pos, FacilityQueries.ratio(pos, venues), exchange,
                    FacilityQueries.ratio(exchange, venues)));
        }
        return new Coverage(asOf, result, loaded.evidence());
    }

    private static boolean inService(Venue venue, LocalDate asOf, String kind) {
        return venue.installed().stream().anyMatch(f -> kind.equals(text(f, "kind"))
                && FacilityCalendar.inServiceOn(LocalDate.parse(text(f, "installedOn")),
                        venue.removed().get(text(f, "facilityId")), asOf));
    }

    private static String simpleName(String type) {
        return type == null ? "" : type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
    }

    private static String text(BsonDocument document, String key) {
        var value = document.get(key);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

}
