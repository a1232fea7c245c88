package io.ledger.projections.incentive;

import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import java.util.List;

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

    public List<MongoCollection<Document>> all() {
        return List.of(agencies(), programs(), reports(), balances(), payouts(), programPayouts(),
                payoutPrograms());
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

    /**
     * Per payout id, the programs that use it: ids are unique only within a program, and the old
     * routes without a program need to know whether an id names one payout or several.
     */
    public MongoCollection<Document> payoutPrograms() {
        return database.getCollection(prefix + "payout_programs");
    }

    public void dropAll() {
        all().forEach(MongoCollection::drop);
    }

    static String reportId(String programId, String reportId) {
        return programId + "/" + reportId;
    }

    static String payoutKey(String programId, String payoutId) {
        return programId + "/" + payoutId;
    }

    static String balanceId(String programId, String agencyId) {
        return programId + "/" + agencyId;
    }
}
