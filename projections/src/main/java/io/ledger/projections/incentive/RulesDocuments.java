package io.ledger.projections.incentive;

import java.util.List;

import org.bson.Document;

import io.ledger.incentive.api.AwardRules;

/** Award rules as a read-model document, amounts as the API writes them. */
final class RulesDocuments {

    private RulesDocuments() {
    }

    static Document toDocument(AwardRules rules) {
        Document document = new Document();
        if (rules.headcount() != null) {
            List<Document> tiers = rules.headcount().tiers().stream()
                    .map(t -> new Document("fromTourist", t.fromTourist())
                            .append("ratePerTourist", t.ratePerTourist().toString()))
                    .toList();
            document.append("headcount", new Document("minNights", rules.headcount().minNights())
                    .append("tiers", tiers));
        }
        if (rules.largeGroup() != null) {
            document.append("largeGroup", new Document("minGroupSize", rules.largeGroup().minGroupSize())
                    .append("subsidyPerGroup", rules.largeGroup().subsidyPerGroup().toString()));
        }
        if (rules.pioneering() != null) {
            document.append("pioneering", new Document("awardPerNewMarket",
                    rules.pioneering().awardPerNewMarket().toString()));
        }
        return document;
    }
}
