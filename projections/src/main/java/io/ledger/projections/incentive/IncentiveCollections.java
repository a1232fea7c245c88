package io.ledger.projections.incentive;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/** The read models of the incentive ledger. Money is stored as exact fen (long). */
@Component
public class IncentiveCollections {

    public static final String PROCESSING_GROUP = "incentive-ledger";

    private final MongoDatabase database;
    private final String prefix;

    @org.springframework.beans.factory.annotation.Autowired
    public IncentiveCollections(MongoDatabase database) {
        this(database, "view_");
    }

    /** Collections named {@code prefix + "programs"} and so on: a rebuild writes beside the live ones. */
    public IncentiveCollections(MongoDatabase database, String prefix) {
        this.database = database;
        this.prefix = prefix;
    }

    public java.util.List<MongoCollection<Document>> all() {
        return java.util.List.of(agencies(), programs(), reports(), balances(), payouts(), programPayouts());
    }

    public MongoCollection<Document> agencies() {
        return database.getCollection(prefix + "agencies");
    }

    public MongoCollection<Document> programs() {
        return database.getCollection(prefix + "programs");
    }

    public MongoCollection<Document> reports() {
        return database.getCollection(prefix + "reports");
    }

    public MongoCollection<Document> balances() {
        return database.getCollection(prefix + "balances");
    }

    public MongoCollection<Document> payouts() {
        return database.getCollection(prefix + "payouts");
    }

    /** Per program, the ids of its payouts, so that listing them never scans all payouts. */
    public MongoCollection<Document> programPayouts() {
        return database.getCollection(prefix + "program_payouts");
    }

    public void dropAll() {
        all().forEach(MongoCollection::drop);
    }

    static String reportId(String programId, String reportId) {
        return programId + "/" + reportId;
    }

    static String balanceId(String programId, String agencyId) {
        return programId + "/" + agencyId;
    }
}
