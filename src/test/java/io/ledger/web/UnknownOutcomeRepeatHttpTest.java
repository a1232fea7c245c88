package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.mongodb.client.MongoDatabase;

import io.ledger.eventstore.CommitLog;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.testsupport.FaultyMongo;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Http.Response;

/**
 * A command whose commit landed but whose reply was lost, and which could not be read back, is
 * answered {@code 503 OUTCOME_UNKNOWN}; the client's repeat with the same id is answered as a repeat
 * of a recorded command is, and stores nothing. Its own application context: the storage is wrapped
 * so that one commit's reply can be lost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ledger.storage.embedded-port=0",
        "ledger.storage.embedded-fsync=false",
        "ledger.users.officer1.password={noop}officer1",
        "ledger.users.officer1.roles=FINANCE_OFFICER",
})
@Import(UnknownOutcomeRepeatHttpTest.LosingOneReply.class)
class UnknownOutcomeRepeatHttpTest {

    private static final AtomicBoolean loseNextCommitReply = new AtomicBoolean();
    /** Only the writer's own read-back fails: the projections' readers on other threads go on. */
    private static final ThreadLocal<Boolean> readBackFails = ThreadLocal.withInitial(() -> false);

    @TestConfiguration
    static class LosingOneReply {
        @Bean
        static BeanPostProcessor storageLosingOneReply() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof MongoDatabase database ? FaultyMongo.wrap(database, call -> {
                        if (call.is(LedgerEventStorageEngine.EVENTS_COLLECTION, "insertOne")
                                && call.document().containsKey("events") && loseNextCommitReply.getAndSet(false)) {
                            call.proceed(); // the commit lands; its reply is lost
                            readBackFails.set(true);
                            throw FaultyMongo.lostReply();
                        }
                        if (call.is(LedgerEventStorageEngine.EVENTS_COLLECTION, "find") && readBackFails.get()) {
                            readBackFails.set(false);
                            throw FaultyMongo.lostReply();
                        }
                        return call.proceed();
                    }) : bean;
                }
            };
        }
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        try {
            String dir = Files.createTempDirectory("ledger-unknown-outcome").toString();
            registry.add("ledger.storage.data-dir", () -> dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CommitLog commitLog;

    @Autowired
    MongoDatabase database;

    @Test
    void aRepeatAfterAnUnknownOutcomeOfACommitThatLandedChangesNothing() {
        Http http = new Http(port);
        ok(http.post("/api/programs", "officer1", """
                {"programId": "U1", "name": "Unknown outcomes 2025", "fiscalYear": 2025, "currency": "CNY",
                 "budget": "1000000", "agencyAnnualCap": "300000"}"""));
        String increase = "{\"increaseId\":\"INC-U1\",\"amount\":\"250000\",\"reason\":\"supplementary\"}";

        loseNextCommitReply.set(true);
        Response first = http.post("/api/programs/U1/budget-increases", "officer1", increase);
        assertThat(first.status()).as(first.body()).isEqualTo(503);
        assertThat(first.json().get("code").asText()).isEqualTo("OUTCOME_UNKNOWN");
        long stored = commitLog.highWaterMark();

        Response repeat = http.post("/api/programs/U1/budget-increases", "officer1", increase);
        Response again = http.post("/api/programs/U1/budget-increases", "officer1", increase);

        assertThat(repeat.status()).as(repeat.body()).isEqualTo(200);
        assertThat(repeat.json().get("budget").asText()).as("increased once").isEqualTo("1250000.00");
        assertThat(again.json()).as("answered as a repeat of a recorded command").isEqualTo(repeat.json());
        assertThat(commitLog.highWaterMark()).as("the repeats stored nothing").isEqualTo(stored);
        assertThat(database.getCollection(LedgerEventStorageEngine.EVENTS_COLLECTION)
                .countDocuments(new Document("events.payload.increaseId", "INC-U1"))).isEqualTo(1);
        assertThat(commitLog.checkPositions().holds()).isTrue();
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }
}
