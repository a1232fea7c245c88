package io.ledger.projections.facilities;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import java.util.List;

/** The read models of the payment-facility record. */
@Component
public class FacilityCollections {

    public static final String PROCESSING_GROUP = "payment-facilities";

    private final MongoDatabase database;
    private final String prefix;

    @org.springframework.beans.factory.annotation.Autowired
    public FacilityCollections(MongoDatabase database) {
        this(database, "view_");
    }

    /** Collections named {@code prefix + "venues"} and so on: a rebuild writes beside the live ones. */
    public FacilityCollections(MongoDatabase database, String prefix) {
        this.database = database;
        this.prefix = prefix;
    }

    public List<MongoCollection<Document>> all() {
        return List.of(venues(), activity(), indexes());
    }

    /** One document per venue: what it is, when it opened, its facilities with their dates. */
    public MongoCollection<Document> venues() {
        return database.getCollection(prefix + "venues");
    }

    /** One document per venue: its payment activity records. */
    public MongoCollection<Document> activity() {
        return database.getCollection(prefix + "venue_activity");
    }

    /** Index documents ({@code _id} = category, or "activity"): venue ids, so that no query scans a collection. */
    public MongoCollection<Document> indexes() {
        return database.getCollection(prefix + "venue_index");
    }

    public void dropAll() {
        all().forEach(MongoCollection::drop);
    }
}
