package io.ledger.projections.facilities;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/** The read models of the payment-facility record. */
@Component
public class FacilityCollections {

    public static final String PROCESSING_GROUP = "payment-facilities";

    private final MongoDatabase database;

    public FacilityCollections(MongoDatabase database) {
        this.database = database;
    }

    /** One document per venue: what it is, when it opened, its facilities with their dates. */
    public MongoCollection<Document> venues() {
        return database.getCollection("view_venues");
    }

    /** One document per venue: its payment activity records. */
    public MongoCollection<Document> activity() {
        return database.getCollection("view_venue_activity");
    }

    /** Index documents ({@code _id} = category, or "activity"): venue ids, so that no query scans a collection. */
    public MongoCollection<Document> indexes() {
        return database.getCollection("view_venue_index");
    }

    public void dropAll() {
        venues().drop();
        activity().drop();
        indexes().drop();
    }
}
