package io.ledger.facilities.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.domain.RefusalCode;
import io.ledger.domain.Refused;
import io.ledger.facilities.api.FacilityCommands.InstallFacility;
import io.ledger.facilities.api.FacilityCommands.RecordPaymentActivity;
import io.ledger.facilities.api.FacilityCommands.RegisterVenue;
import io.ledger.facilities.api.FacilityCommands.RemoveFacility;
import io.ledger.facilities.api.FacilityEvents.FacilityInstalled;
import io.ledger.facilities.api.FacilityEvents.FacilityRemoved;
import io.ledger.facilities.api.FacilityEvents.PaymentActivityRecorded;
import io.ledger.facilities.api.FacilityEvents.VenueRegistered;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;

class VenueTest {

    static final String V = "BJ-PEK";
    static final LocalDate JAN_15 = LocalDate.of(2024, 1, 15);
    static final VenueRegistered REGISTERED = new VenueRegistered(V, "Capital Airport", Category.AIRPORT, "Shunyi",
            null);
    static final FacilityInstalled POS = new FacilityInstalled(V, "POS1", Kind.FOREIGN_CARD_POS, JAN_15);

    private FixtureConfiguration<Venue> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Venue.class);
        fixture.registerInjectableResource(Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneId.of("Asia/Shanghai")));
    }

    private static RecordPaymentActivity activity(String id, Channel channel, LocalDate from, LocalDate to, long tx,
            String amount, long visitors) {
        return new RecordPaymentActivity(V, id, channel, from, to, tx, Money.parse(amount), visitors);
    }

    @Test
    void registersOnceForItsId() {
        fixture.givenNoPriorActivity()
                .when(new RegisterVenue(V, "Capital Airport", Category.AIRPORT, "Shunyi", null))
                .expectEvents(REGISTERED);
        fixture.given(REGISTERED)
                .when(new RegisterVenue(V, "Capital Airport", Category.AIRPORT, "Shunyi", null))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new RegisterVenue(V, "Capital Airport", Category.SHOPPING_STREET, "Shunyi", null))
                .expectException(Refusal.class).expectNoEvents();
    }

    @Test
    void installsAndRemovesFacilitiesWithDates() {
        fixture.given(REGISTERED)
                .when(new InstallFacility(V, "POS1", Kind.FOREIGN_CARD_POS, JAN_15))
                .expectEvents(POS);
        fixture.given(REGISTERED, POS)
                .when(new InstallFacility(V, "POS1", Kind.FOREIGN_CARD_POS, JAN_15))
                .expectNoEvents();
        fixture.given(REGISTERED, POS)
                .when(new InstallFacility(V, "POS1", Kind.FOREIGN_CARD_ATM, JAN_15))
                .expectException(Refusal.class);
        fixture.given(REGISTERED)
                .when(new InstallFacility(V, "POS1", Kind.FOREIGN_CARD_POS, LocalDate.of(2024, 7, 1)))
                .expectException(Refusal.class).expectExceptionMessage("installedOn 2024-07-01 is in the future");
        fixture.given(REGISTERED, POS)
                .when(new RemoveFacility(V, "POS1", LocalDate.of(2024, 3, 1), "terminal replaced"))
                .expectEvents(new FacilityRemoved(V, "POS1", Kind.FOREIGN_CARD_POS, LocalDate.of(2024, 3, 1),
                        "terminal replaced"));
        fixture.given(REGISTERED, POS)
                .when(new RemoveFacility(V, "POS1", LocalDate.of(2024, 1, 1), "x"))
                .expectException(Refusal.class).expectExceptionMessage("removedOn 2024-01-01 is before installedOn "
                        + "2024-01-15");
        fixture.given(REGISTERED, POS, new FacilityRemoved(V, "POS1", Kind.FOREIGN_CARD_POS, LocalDate.of(2024, 3, 1),
                        "x"))
                .when(new RemoveFacility(V, "POS1", LocalDate.of(2024, 3, 2), "x"))
                .expectException(Refusal.class);
        fixture.given(REGISTERED)
                .when(new RemoveFacility(V, "NOPE", LocalDate.of(2024, 3, 2), "x"))
                .expectException(Refusal.class).expectExceptionMessage("facility NOPE at venue BJ-PEK does not exist");
    }

    @Test
    void recordsActivityAFacilityCouldCarry() {
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        70_000, "21500000", 2_600))
                .expectEvents(new PaymentActivityRecorded(V, "A1", Channel.FOREIGN_CARD_PAYMENT,
                        LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31), 70_000, Money.parse("21500000"), 2_600));
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.CURRENCY_EXCHANGE, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        1, "1", 0))
                .expectException(Refusal.class).expectNoEvents();
        // a POS installed after the period could not have carried it
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 14),
                        1, "1", 0))
                .expectException(Refusal.class).expectNoEvents();
        // nor one removed before it began
        fixture.given(REGISTERED, POS, new FacilityRemoved(V, "POS1", Kind.FOREIGN_CARD_POS, LocalDate.of(2024, 2, 1),
                        "x"))
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        1, "1", 0))
                .expectException(Refusal.class).expectNoEvents();
    }

    @Test
    void activityRefusals() {
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 3, 31), LocalDate.of(2024, 2, 5),
                        1, "1", 0))
                .expectException(Refusal.class).expectExceptionMessage("periodEnd is before periodStart");
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 5, 1), LocalDate.of(2024, 6, 30),
                        1, "1", 0))
                .expectException(Refusal.class);
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        -1, "1", 0))
                .expectException(Refusal.class);
        PaymentActivityRecorded recorded = new PaymentActivityRecorded(V, "A1", Channel.FOREIGN_CARD_PAYMENT,
                LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31), 5, Money.parse("10"), 1);
        fixture.given(REGISTERED, POS, recorded)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        5, "10.00", 1))
                .expectNoEvents();
        fixture.given(REGISTERED, POS, recorded)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        6, "10.00", 1))
                .expectException(Refusal.class).expectExceptionMessage("activity id A1 was already used for a "
                        + "different request");
    }

    @Test
    void removingAgainAsBeforeChangesNothing() {
        FacilityRemoved removal = new FacilityRemoved(V, "POS1", Kind.FOREIGN_CARD_POS, LocalDate.of(2024, 3, 1), "x");
        fixture.given(REGISTERED, POS, removal)
                .when(new RemoveFacility(V, "POS1", LocalDate.of(2024, 3, 1), "x"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(REGISTERED, POS, removal)
                .when(new RemoveFacility(V, "POS1", LocalDate.of(2024, 3, 1), "another reason"))
                .expectException(Refused.with(RefusalCode.FACILITY_ALREADY_REMOVED)).expectNoEvents();
    }

    @Test
    void aPeriodWithNoTransactionsAndNoVisitorsIsRecordedButNotANegativeOne() {
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        0, "0", 0))
                .expectEvents(new PaymentActivityRecorded(V, "A1", Channel.FOREIGN_CARD_PAYMENT,
                        LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31), 0, Money.ZERO, 0));
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        -1, "0", 0))
                .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
        fixture.given(REGISTERED, POS)
                .when(activity("A1", Channel.FOREIGN_CARD_PAYMENT, LocalDate.of(2024, 2, 5), LocalDate.of(2024, 3, 31),
                        0, "0", -1))
                .expectException(Refused.with(RefusalCode.VALIDATION_FAILED)).expectNoEvents();
    }
}
