package io.ledger.projections.facilities;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.springframework.stereotype.Component;

import io.ledger.api.Money;
import io.ledger.facilities.api.FacilityCalendar;
import io.ledger.facilities.api.FacilityViews.ActivityTotals;
import io.ledger.facilities.api.FacilityViews.CategoryCoverage;
import io.ledger.facilities.api.FacilityViews.ChannelTotal;
import io.ledger.facilities.api.FacilityViews.Coverage;
import io.ledger.facilities.api.FacilityViews.VenueOnDate;
import io.ledger.facilities.api.FacilityViews.VenueView;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;

/** Coverage as of a date and activity totals over a period, from the facility read models. */
@Component
public class FacilityQueries {

    private final FacilityCollections views;

    public FacilityQueries(FacilityCollections views) {
        this.views = views;
    }

    public Optional<VenueView> venue(String venueId) {
        return Optional.ofNullable(views.venues().find(eq("_id", venueId)).first())
                .map(d -> new VenueView(d.getString("venueId"), d.getString("name"),
                        Category.valueOf(d.getString("category")), d.getString("district"), d.getString("openedOn"),
                        List.<Map<String, Object>>copyOf(d.getList("facilities", Document.class))));
    }

    /**
     * Per category, the venues open on {@code asOf} and, among them, those with a facility of the
     * kind installed on or before it and not removed by it. Ratios have four places, rounded half up.
     */
    public Coverage coverage(LocalDate asOf) {
        List<CategoryCoverage> result = new ArrayList<>();
        Map<Category, List<String>> venueIds = new EnumMap<>(Category.class);
        for (Document index : views.indexes().find(in("_id", Arrays.stream(Category.values()).map(Enum::name).toList()))) {
            venueIds.put(Category.valueOf(index.getString("_id")), index.getList("venueIds", String.class));
        }
        for (Category category : Category.values()) {
            int venues = 0;
            int pos = 0;
            int exchange = 0;
            for (Document venue : venues(venueIds.getOrDefault(category, List.of()))) {
                if (!open(venue, asOf)) {
                    continue;
                }
                venues++;
                List<Document> facilities = venue.getList("facilities", Document.class);
                if (inService(facilities, asOf, Kind.FOREIGN_CARD_POS)) {
                    pos++;
                }
                if (inService(facilities, asOf, Kind.EXCHANGE_COUNTER, Kind.EXCHANGE_MACHINE)) {
                    exchange++;
                }
            }
            result.add(new CategoryCoverage(category, venues, pos, ratio(pos, venues), exchange,
                    ratio(exchange, venues)));
        }
        return new Coverage(asOf, result);
    }

    /**
     * The venues of one category open on {@code asOf}, by id, with the facilities in service then:
     * the rows behind that category's coverage figures, by the same rule.
     */
    public List<VenueOnDate> venuesOn(Category category, LocalDate asOf) {
        Document index = views.indexes().find(eq("_id", category.name())).first();
        List<String> ids = index == null ? List.of() : index.getList("venueIds", String.class);
        List<VenueOnDate> rows = new ArrayList<>();
        for (Document venue : venues(ids)) {
            if (open(venue, asOf)) {
                List<Document> facilities = venue.getList("facilities", Document.class);
                rows.add(new VenueOnDate(venue.getString("venueId"), venue.getString("name"), venue.getString("district"),
                        venue.getString("openedOn"), inService(facilities, asOf, Kind.FOREIGN_CARD_POS),
                        inService(facilities, asOf, Kind.EXCHANGE_COUNTER, Kind.EXCHANGE_MACHINE)));
            }
        }
        rows.sort(Comparator.comparing(VenueOnDate::venueId));
        return rows;
    }

    private static boolean open(Document venue, LocalDate asOf) {
        String openedOn = venue.getString("openedOn");
        return FacilityCalendar.openOn(openedOn == null ? null : LocalDate.parse(openedOn), asOf);
    }

    static boolean inService(List<Document> facilities, LocalDate asOf, Kind... kinds) {
        List<String> wanted = Arrays.stream(kinds).map(Enum::name).toList();
        return facilities.stream().anyMatch(f -> wanted.contains(f.getString("kind"))
                && FacilityCalendar.inServiceOn(LocalDate.parse(f.getString("installedOn")),
                        f.getString("removedOn") == null ? null : LocalDate.parse(f.getString("removedOn")), asOf));
    }

    /** A coverage ratio with four places, rounded half up; null when there is nothing to cover. */
    public static String ratio(int part, int whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * Totals per channel of the activity records whose whole period lies within {@code from …
     * to} (both optional, inclusive), overall or of one venue.
     */
    public ActivityTotals activity(LocalDate from, LocalDate to, String venueId) {
        List<String> ids;
        if (venueId != null) {
            ids = List.of(venueId);
        } else {
            Document index = views.indexes().find(eq("_id", FacilityProjection.ACTIVITY_INDEX)).first();
            ids = index == null ? List.of() : index.getList("venueIds", String.class);
        }
        Map<Channel, long[]> totals = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            totals.put(channel, new long[2]);
        }
        long visitors = 0;
        int records = 0;
        for (int start = 0; start < ids.size(); start += 500) {
            for (Document venue : views.activity().find(in("_id", ids.subList(start, Math.min(ids.size(), start + 500))))) {
                for (Document record : venue.getList("records", Document.class)) {
                    LocalDate periodStart = LocalDate.parse(record.getString("periodStart"));
                    LocalDate periodEnd = LocalDate.parse(record.getString("periodEnd"));
                    if (!FacilityCalendar.periodWithin(periodStart, periodEnd, from, to)) {
                        continue;
                    }
                    long[] channel = totals.get(Channel.valueOf(record.getString("channel")));
                    channel[0] += record.getLong("transactions");
                    channel[1] += record.getLong("amount");
                    visitors += record.getLong("visitorsServed");
                    records++;
                }
            }
        }
        List<ChannelTotal> channels = totals.entrySet().stream()
                .map(e -> new ChannelTotal(e.getKey(), e.getValue()[0], new Money(e.getValue()[1]))).toList();
        return new ActivityTotals(from, to, venueId, channels, visitors, records);
    }

    private List<Document> venues(List<String> ids) {
        List<Document> result = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += 500) {
            views.venues().find(in("_id", ids.subList(start, Math.min(ids.size(), start + 500)))).into(result);
        }
        return result;
    }
}
