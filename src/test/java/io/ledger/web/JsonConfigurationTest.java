package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.ledger.web.facilities.FacilityController.VenueRequest;
import io.ledger.web.support.UnsafeText;

/** The request mapper refuses wrong types instead of reading them as something else. */
class JsonConfigurationTest {

    private final ObjectMapper mapper = mapper();

    private static ObjectMapper mapper() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new JsonConfiguration().strictScalars().customize(builder);
        return builder.build();
    }

    private static final String VENUE = """
            {"venueId": "V1", "name": %s, "category": "AIRPORT", "district": "d", "openedOn": %s}""";

    @Test
    void aDateIsOnlyAnIsoString() {
        for (String date : new String[] {"[]", "[2024, 1, 1]", "20000", "true"}) {
            assertThatThrownBy(() -> mapper.readValue(VENUE.formatted("\"n\"", date), VenueRequest.class))
                    .as(date).isInstanceOf(MismatchedInputException.class);
        }
    }

    @Test
    void textThatHidesCharactersIsRefused() {
        assertThatThrownBy(() -> mapper.readValue(VENUE.formatted("\"a\\u202Eb\"", "null"), VenueRequest.class))
                .isInstanceOf(UnsafeText.Refused.class);
    }
}
