package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.ledger.eventstore.CommitLog;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LedgerTestApplication;

/** Read-your-writes waits for the command's own events, never for positions that hold none. */
class ReadYourWritesHttpTest extends LedgerTestApplication {

    @Autowired
    MongoDatabase database;

    @Autowired
    CommitLog commitLog;

    @Test
    void voidsAtTheHeadDoNotHoldUpTheNextCommandOrItsRead() {
        long head = commitLog.highWaterMark();
        List<Document> voids = new ArrayList<>();
        for (long p = head + 1; p <= head + 300; p++) {
            // what refused commits leave behind: given-back positions, more than a reader's batch
            voids.add(new Document("_id", p).append("last", p).append("aggregateKey", "#void@" + p)
                    .append("void", true).append("reason", "concurrent modification (test)"));
        }
        database.getCollection("events").insertMany(voids);
        database.getCollection("event_counters").updateOne(Filters.eq("_id", "globalPosition"),
                Updates.max("last", head + 300));

        String agencyId = "V" + UUID.randomUUID().toString().substring(0, 6);
        Response created = http().post("/api/agencies", "officer1",
                "{\"agencyId\":\"" + agencyId + "\",\"name\":\"After voids\",\"licenseNo\":\"L-V\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(http().get("/api/agencies/" + agencyId, "officer1").status()).isEqualTo(200);
        assertThat(commitLog.checkPositions().holds()).isTrue();
    }
}
