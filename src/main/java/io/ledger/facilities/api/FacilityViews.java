package io.ledger.facilities.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ledger.api.Money;
import io.ledger.facilities.api.FacilityVocabulary.Category;
import io.ledger.facilities.api.FacilityVocabulary.Channel;

/**
 * What the facility ledger's queries answer: the read models as the application hands them to
 * its callers, built by the projections from the events.
 */
public final class FacilityViews {

    private FacilityViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CategoryCoverage(Category category, int venues, int withForeignCardPos, String posCoverage,
            int withCurrencyExchange, String exchangeCoverage) {
    }

    public record Coverage(LocalDate asOf, List<CategoryCoverage> categories) {
    }

    public record ChannelTotal(Channel channel, long transactions, Money amount) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActivityTotals(LocalDate from, LocalDate to, String venueId, List<ChannelTotal> channels,
            long visitorsServed, int records) {
    }

    public record VenueView(String venueId, String name, Category category, String district, String openedOn,
            List<Map<String, Object>> facilities) {
    }

    /** A venue of a category as it stood on a date: open, and which facilities served visitors. */
    public record VenueOnDate(String venueId, String name, String district, String openedOn, boolean foreignCardPos,
            boolean currencyExchange) {
    }
}
