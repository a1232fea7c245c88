package io.ledger.facilities.api;

import java.util.Set;

/** The words of the payment-facility record, as API.md spells them. */
public final class FacilityVocabulary {

    private FacilityVocabulary() {
    }

    public enum Category { SCENIC_5A, SCENIC_4A, HOTEL_5_STAR, HOTEL_4_STAR, AIRPORT, SHOPPING_STREET, INDUSTRIAL_SITE }

    public enum Kind { FOREIGN_CARD_POS, EXCHANGE_COUNTER, EXCHANGE_MACHINE, FOREIGN_CARD_ATM, TAX_REFUND_POINT }

    public enum Channel {
        FOREIGN_CARD_PAYMENT(Set.of(Kind.FOREIGN_CARD_POS)),
        CURRENCY_EXCHANGE(Set.of(Kind.EXCHANGE_COUNTER, Kind.EXCHANGE_MACHINE)),
        FOREIGN_CARD_CASH_WITHDRAWAL(Set.of(Kind.FOREIGN_CARD_ATM));

        private final Set<Kind> carriedBy;

        Channel(Set<Kind> carriedBy) {
            this.carriedBy = carriedBy;
        }

        /** The facility kinds through which payments of this channel are made. */
        public Set<Kind> carriedBy() {
            return carriedBy;
        }
    }
}
