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

    public IncentiveCollections(MongoDatabase database) {
        this.database = database;
    }

    public MongoCollection<Document> agencies() {
        return database.getCollection("view_agencies");
    }

    public MongoCollection<Document> programs() {
        return database.getCollection("view_programs");
    }

    public MongoCollection<Document> reports() {
        return database.getCollection("view_reports");
    }

    public MongoCollection<Document> balances() {
        return database.getCollection("view_balances");
    }

    public MongoCollection<Document> payouts() {
        return database.getCollection("view_payouts");
    }

    /** Per program, the ids of its payouts, so that listing them never scans all payouts. */
    public MongoCollection<Document> programPayouts() {
        return database.getCollection("view_program_payouts");
    }

    public void dropAll() {
        agencies().drop();
        programs().drop();
        reports().drop();
        balances().drop();
        payouts().drop();
        programPayouts().drop();
    }

    static String reportId(String programId, String reportId) {
        return programId + "/" + reportId;
    }

    static String balanceId(String programId, String agencyId) {
        return programId + "/" + agencyId;
    }
}
