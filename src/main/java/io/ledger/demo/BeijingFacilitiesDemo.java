package io.ledger.demo;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.ledger.api.Money;
import io.ledger.facilities.api.FacilityCommands.InstallFacility;
import io.ledger.facilities.api.FacilityCommands.RecordPaymentActivity;
import io.ledger.facilities.api.FacilityCommands.RegisterVenue;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;
import io.ledger.facilities.api.FacilityVocabulary.Kind;

/**
 * Beijing's payment facilities as the 2024 press conference reported them: all 79 5A/4A scenic spots
 * and all 149 4/5-star hotels with foreign-card POS by 30 April 2024 (installed over the months
 * before), and the airports' payment service zone, 5 February – 19 May 2024: 278,000 foreign-card
 * payments (CNY 85,391,000), 32,000 currency exchanges (CNY 42,965,000), 18,000 foreign-card cash
 * withdrawals (CNY 21,603,000), 10,125 visitors. The seeds give only these totals; the split
 * between 5A and 4A, 5-star and 4-star, the two airports and two sub-periods is illustrative.
 */
@Component
@Order(2)
public class BeijingFacilitiesDemo implements DemoScenario {

    public static final LocalDate ALL_COVERED = LocalDate.of(2024, 4, 30);
    public static final LocalDate ZONE_FROM = LocalDate.of(2024, 2, 5);
    public static final LocalDate ZONE_TO = LocalDate.of(2024, 5, 19);
    private static final LocalDate FIRST_INSTALLATION = LocalDate.of(2023, 9, 1);
    private static final LocalDate SPLIT = LocalDate.of(2024, 3, 31);
    private static final int SENDERS = 8;

    private final DemoCommands commands;

    public BeijingFacilitiesDemo(DemoCommands commands) {
        this.commands = commands;
    }

    @Override
    public String name() {
        return "Beijing payment facilities 2024";
    }

    @Override
    public void load() {
        List<Runnable> venues = new ArrayList<>();
        venues(venues, Category.SCENIC_5A, "BJ-S5A-", 8, "scenic spot (5A)");
        venues(venues, Category.SCENIC_4A, "BJ-S4A-", 71, "scenic spot (4A)");
        venues(venues, Category.HOTEL_5_STAR, "BJ-H5-", 62, "hotel (5-star)");
        venues(venues, Category.HOTEL_4_STAR, "BJ-H4-", 87, "hotel (4-star)");
        venues.add(() -> airport("BJ-PEK", "Beijing Capital International Airport", "Shunyi"));
        venues.add(() -> airport("BJ-PKX", "Beijing Daxing International Airport", "Daxing"));
        inParallel(venues);
        // channel, first and second sub-period: transactions, CNY, visitors
        activity("BJ-PEK", Channel.FOREIGN_CARD_PAYMENT, 70_000, "21500000", 2_600, 90_000, "27718000", 3_300);
        activity("BJ-PKX", Channel.FOREIGN_CARD_PAYMENT, 50_000, "15400000", 1_900, 68_000, "20773000", 2_325);
        activity("BJ-PEK", Channel.CURRENCY_EXCHANGE, 8_000, "10900000", 0, 11_000, "14603000", 0);
        activity("BJ-PKX", Channel.CURRENCY_EXCHANGE, 6_000, "8100000", 0, 7_000, "9362000", 0);
        activity("BJ-PEK", Channel.FOREIGN_CARD_CASH_WITHDRAWAL, 4_500, "5400000", 0, 6_000, "7201000", 0);
        activity("BJ-PKX", Channel.FOREIGN_CARD_CASH_WITHDRAWAL, 3_200, "3850000", 0, 4_300, "5152000", 0);
    }

    /** Venues of a category, each getting its POS on a different day up to 30 April 2024. */
    private void venues(List<Runnable> venues, Category category, String prefix, int count, String description) {
        long campaignDays = ChronoUnit.DAYS.between(FIRST_INSTALLATION, ALL_COVERED) + 1;
        for (int n = 1; n <= count; n++) {
            int i = n;
            venues.add(() -> {
                String venueId = prefix + String.format("%03d", i);
                send(new RegisterVenue(venueId, "Beijing " + description + " " + i, category, district(i), null));
                LocalDate installedOn = i == count ? ALL_COVERED
                        : FIRST_INSTALLATION.plusDays((i * 37L) % campaignDays);
                send(new InstallFacility(venueId, venueId + "-POS1", Kind.FOREIGN_CARD_POS, installedOn));
                if (category == Category.SCENIC_5A || category == Category.HOTEL_5_STAR || i % 4 == 0) {
                    send(new InstallFacility(venueId, venueId + "-FX1", Kind.EXCHANGE_COUNTER, installedOn));
                }
            });
        }
    }

    /**
     * Each venue is an aggregate of its own: sent side by side, their commits share the store's flushes
     * instead of waiting for one each, one after the other. Within a venue the order stays. The first
     * failure fails the load; venues not yet sent then are not sent.
     */
    private static void inParallel(List<Runnable> venues) {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> {
            Thread thread = new Thread(r, "demo-sender");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Runnable venue : venues) {
                sent.add(senders.submit(venue));
            }
            for (Future<?> venue : sent) {
                venue.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("demo load interrupted", e);
        } finally {
            senders.shutdownNow();
        }
    }

    private void airport(String venueId, String name, String district) {
        send(new RegisterVenue(venueId, name, Category.AIRPORT, district, null));
        LocalDate before = LocalDate.of(2024, 1, 15);
        send(new InstallFacility(venueId, venueId + "-POS1", Kind.FOREIGN_CARD_POS, before));
        send(new InstallFacility(venueId, venueId + "-FX1", Kind.EXCHANGE_COUNTER, before));
        send(new InstallFacility(venueId, venueId + "-FX2", Kind.EXCHANGE_MACHINE, before));
        send(new InstallFacility(venueId, venueId + "-ATM1", Kind.FOREIGN_CARD_ATM, before));
    }

    private void activity(String venueId, Channel channel, long tx1, String cny1, long visitors1, long tx2,
            String cny2, long visitors2) {
        String id = venueId + "-" + channel.name();
        send(new RecordPaymentActivity(venueId, id + "-1", channel, ZONE_FROM, SPLIT, tx1, Money.parse(cny1),
                visitors1));
        send(new RecordPaymentActivity(venueId, id + "-2", channel, SPLIT.plusDays(1), ZONE_TO, tx2,
                Money.parse(cny2), visitors2));
    }

    private static String district(int i) {
        List<String> districts = new ArrayList<>(List.of("Dongcheng", "Xicheng", "Chaoyang", "Haidian", "Fengtai",
                "Shijingshan", "Changping", "Yanqing", "Huairou", "Miyun"));
        return districts.get(i % districts.size());
    }

    private void send(Object command) {
        commands.send(command, "operator");
    }
}
