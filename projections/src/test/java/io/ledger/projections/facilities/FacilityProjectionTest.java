package io.ledger.projections.facilities;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import io.ledger.api.Money;
import io.ledger.facilities.api.FacilityEvents.FacilityInstalled;
import io.ledger.facilities.api.FacilityEvents.FacilityRemoved;
import io.ledger.facilities.api.FacilityEvents.PaymentActivityRecorded;
import io.ledger.facilities.api.FacilityEvents.VenueRegistered;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;
import io.ledger.facilities.api.FacilityViews.CategoryCoverage;
import io.ledger.projections.support.EventFeeder;
import io.ledger.projections.support.ProjectionProgress;
import io.ledger.testsupport.TestMongo;

/** Coverage as of dates and activity over periods, computed from events fed straight in. */
class FacilityProjectionTest {

    private FacilityCollections views;
    private FacilityProjection projection;
    private FacilityQueries queries;
    private EventFeeder feeder;

    @BeforeEach
    void setUp() {
        views = new FacilityCollections(TestMongo.freshDatabase());
        projection = new FacilityProjection(views, new ProjectionProgress(Mockito.mock(EventProcessingConfiguration.class)));
        queries = new FacilityQueries(views);
        feeder = new EventFeeder(projection, java.time.Instant.parse("2024-06-01T00:00:00Z"));
    }

    private void deliver(long sequence, Object event) {
        String venueId = event instanceof VenueRegistered e ? e.venueId()
                : event instanceof FacilityInstalled e ? e.venueId()
                : event instanceof FacilityRemoved e ? e.venueId() : ((PaymentActivityRecorded) event).venueId();
        feeder.deliver("venue:" + venueId, sequence, event);
    }

    private static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    private void history() {
        deliver(0, new VenueRegistered("H1", "Hotel one", Category.HOTEL_5_STAR, "Chaoyang", null));
        deliver(1, new FacilityInstalled("H1", "POS", Kind.FOREIGN_CARD_POS, d("2024-01-10")));
        deliver(2, new FacilityInstalled("H1", "FX", Kind.EXCHANGE_MACHINE, d("2024-02-01")));
        deliver(3, new FacilityRemoved("H1", "FX", Kind.EXCHANGE_MACHINE, d("2024-03-01"), "broken"));
        deliver(0, new VenueRegistered("H2", "Hotel two", Category.HOTEL_5_STAR, "Haidian", d("2024-02-15")));
        deliver(1, new FacilityInstalled("H2", "POS", Kind.FOREIGN_CARD_POS, d("2024-02-20")));
        deliver(0, new VenueRegistered("H3", "Hotel three", Category.HOTEL_5_STAR, "Haidian", null));
        deliver(0, new VenueRegistered("A1", "Airport", Category.AIRPORT, "Daxing", null));
        deliver(1, new FacilityInstalled("A1", "POS", Kind.FOREIGN_CARD_POS, d("2024-01-01")));
        deliver(2, new PaymentActivityRecorded("A1", "X1", Channel.FOREIGN_CARD_PAYMENT, d("2024-02-05"),
                d("2024-03-31"), 100, Money.parse("1000.50"), 7));
        deliver(3, new PaymentActivityRecorded("A1", "X2", Channel.FOREIGN_CARD_PAYMENT, d("2024-04-01"),
                d("2024-05-19"), 50, Money.parse("500"), 3));
        deliver(4, new PaymentActivityRecorded("A1", "X3", Channel.FOREIGN_CARD_PAYMENT, d("2024-05-20"),
                d("2024-05-31"), 9, Money.parse("9"), 1));
    }

    private CategoryCoverage hotels(String asOf) {
        return queries.coverage(d(asOf)).categories().get(Category.HOTEL_5_STAR.ordinal());
    }

    @Test
    void coverageCountsOpenVenuesAndFacilitiesInServiceOnTheDate() {
        history();
        assertThat(hotels("2024-01-09")).isEqualTo(new CategoryCoverage(Category.HOTEL_5_STAR, 2, 0, "0.0000", 0,
                "0.0000"));
        assertThat(hotels("2024-02-10")).isEqualTo(new CategoryCoverage(Category.HOTEL_5_STAR, 2, 1, "0.5000", 1,
                "0.5000"));
        // H2 opens on 15 Feb without POS until the 20th; H1's exchange machine is removed on 1 March
        assertThat(hotels("2024-02-16")).isEqualTo(new CategoryCoverage(Category.HOTEL_5_STAR, 3, 1, "0.3333", 1,
                "0.3333"));
        assertThat(hotels("2024-03-01")).isEqualTo(new CategoryCoverage(Category.HOTEL_5_STAR, 3, 2, "0.6667", 0,
                "0.0000"));
        assertThat(queries.coverage(d("2024-03-01")).categories().get(Category.SCENIC_5A.ordinal()).posCoverage())
                .isNull();
    }

    @Test
    void activityCountsTheRecordsWhosePeriodLiesWithinTheQuery() {
        history();
        var zone = queries.activity(d("2024-02-05"), d("2024-05-19"), null);
        assertThat(zone.channels().get(Channel.FOREIGN_CARD_PAYMENT.ordinal()).transactions()).isEqualTo(150);
        assertThat(zone.channels().get(Channel.FOREIGN_CARD_PAYMENT.ordinal()).amount()).isEqualTo(Money.parse("1500.50"));
        assertThat(zone.visitorsServed()).isEqualTo(10);
        assertThat(zone.records()).isEqualTo(2);
        assertThat(queries.activity(null, null, "A1").records()).isEqualTo(3);
        assertThat(queries.activity(null, null, "H1").records()).isZero();
        assertThat(queries.activity(d("2024-04-01"), null, null).visitorsServed()).isEqualTo(4);
    }

    @Test
    void anEventDeliveredAgainChangesNothing() {
        history();
        List<Object> before = snapshot();
        feeder.redeliverAll();
        assertThat(snapshot()).isEqualTo(before);
    }

    private List<Object> snapshot() {
        List<Object> all = new ArrayList<>();
        for (var collection : List.of(views.venues(), views.activity(), views.indexes())) {
            collection.find().forEach(all::add);
        }
        return all;
    }
}
