package io.ledger.audit;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.ledger.api.Money;
import io.ledger.eventstore.EventSerialization;
import io.ledger.eventstore.LedgerEventStorageEngine;
import io.ledger.incentive.api.AwardRules;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.incentive.api.IncentiveEvents.UnfundedAwardFunded;
import io.ledger.testsupport.TestMongo;

/**
 * Point-in-time answers started from checkpoints are the answers of a fold from the first event, at
 * any instant: before the first event, on and beside every commit, between checkpoints, after the
 * last; and a checkpoint that is missing, stale, forged or tampered with changes no answer.
 */
class PointInTimeCheckpointTest {

    private static final byte[] KEY = "a checkpoint key of thirty-two bytes or more".getBytes();
    private static final List<String> AGENCIES = List.of("A1", "A2", "A3", "A4", "A5", "A6");
    private static final int EVERY = 7;

    private MongoDatabase database;
    private LedgerEventStorageEngine engine;
    private List<Instant> recorded;
    private AuditService full;

    @BeforeEach
    void history() {
        database = TestMongo.freshDatabase();
        engine = engine(database);
        recorded = write(engine, new Random(20261204), 160);
        full = new AuditService(engine, database);
    }

    private AuditService checkpointed(byte[] key) {
        return new AuditService(engine, database, new FoldCheckpoints(database, EVERY, key, true));
    }

    private MongoCollection<BsonDocument> checkpoints() {
        return database.getCollection(FoldCheckpoints.COLLECTION, BsonDocument.class);
    }

    /** Instants to ask about: around every few commits, before the first and after the last. */
    private List<Instant> instants(Random random) {
        List<Instant> instants = new ArrayList<>();
        instants.add(recorded.get(0).minusSeconds(3600));
        instants.add(recorded.get(0).minusMillis(1));
        for (int i = 0; i < recorded.size(); i += 1 + random.nextInt(6)) {
            Instant t = recorded.get(i);
            instants.add(switch (random.nextInt(3)) {
                case 0 -> t.minusMillis(1);
                case 1 -> t;
                default -> t.plusMillis(500);
            });
        }
        instants.add(recorded.stream().max(Instant::compareTo).orElseThrow().plusSeconds(1));
        return instants;
    }

    private void assertSameAnswers(AuditService checkpointed, List<Instant> instants) {
        for (Instant asOf : instants) {
            // the CSV holds every agency's figures; one agency and one never enrolled are asked alone
            for (String agencyId : List.of("A" + (1 + Math.floorMod(asOf.hashCode(), AGENCIES.size())), "A9")) {
                Optional<AuditService.BalanceAsOf> expected = full.balanceAsOf("P1", agencyId, asOf);
                assertThat(checkpointed.balanceAsOf("P1", agencyId, asOf)).as("%s at %s", agencyId, asOf)
                        .isEqualTo(expected);
            }
            StringBuilder expectedCsv = new StringBuilder();
            StringBuilder actualCsv = new StringBuilder();
            full.balancesCsv("P1", asOf, expectedCsv);
            checkpointed.balancesCsv("P1", asOf, actualCsv);
            assertThat(actualCsv.toString()).as("balances at %s", asOf).isEqualTo(expectedCsv.toString());
        }
        assertThat(checkpointed.programTotals("P1")).isEqualTo(full.programTotals("P1"));
        assertThat(checkpointed.programTotals("P2")).isEqualTo(full.programTotals("P2"));
    }

    @Test
    void answersFromCheckpointsAreTheFullFoldsAtEveryInstant() {
        AuditService checkpointed = checkpointed(KEY);
        assertThat(checkpointed.programTotals("P1")).isEqualTo(full.programTotals("P1"));
        assertThat(checkpoints().countDocuments()).as("the first answer wrote the checkpoints").isGreaterThan(20);
        FoldCheckpoints reader = new FoldCheckpoints(database, EVERY, KEY, false);
        for (BsonDocument d : checkpoints().find(eq("programId", "P1"))) {
            assertThat(reader.verified(d, "P1")).as("checkpoint %s holds", d.get("_id")).isPresent();
        }

        assertSameAnswers(checkpointed, instants(new Random(1)));
        assertSameAnswers(checkpointed(KEY), instants(new Random(2)));
    }

    @Test
    void answersFromCheckpointsWrittenByPointInTimeQueriesAreTheFullFolds() {
        AuditService checkpointed = checkpointed(KEY);
        List<Instant> instants = instants(new Random(3));
        assertSameAnswers(checkpointed, instants); // writes checkpoints as it goes, answer by answer
        assertSameAnswers(checkpointed, instants.stream().sorted(java.util.Comparator.reverseOrder()).toList());
    }

    @Nested
    class ACheckpointChangesNoAnswer {

        @BeforeEach
        void written() {
            checkpointed(KEY).programTotals("P1");
            checkpointed(KEY).programTotals("P2");
        }

        @Test
        void whenSomeAreMissing() {
            for (long k = 1; k < 40; k += 2) {
                checkpoints().deleteOne(eq("_id", FoldCheckpoints.id("P1", k)));
            }
            assertSameAnswers(checkpointed(KEY), instants(new Random(4)));
        }

        @Test
        void whenItsFiguresWereChanged() {
            for (BsonDocument d : checkpoints().find()) {
                BsonDocument agency = d.getArray("agencies").get(0).asDocument();
                agency.getArray("fen").set(1, new BsonInt64(agency.getArray("fen").get(1).asInt64().getValue() + 100));
                d.put("budget", new BsonInt64(1));
                checkpoints().replaceOne(eq("_id", d.get("_id")), d);
            }
            AuditService checkpointed = checkpointed(KEY);
            assertSameAnswers(checkpointed, instants(new Random(5)));
        }

        @Test
        void whenItIsSealedWithAnotherKey() throws Exception {
            byte[] forgersKey = "another key, as long as the first one".getBytes();
            for (BsonDocument d : checkpoints().find()) {
                // figures the forger chose, under the forger's seal
                for (var agency : d.getArray("agencies")) {
                    var fen = agency.asDocument().getArray("fen");
                    fen.set(1, new BsonInt64(fen.get(1).asInt64().getValue() + 100));
                }
                d.remove("seal");
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(forgersKey, "HmacSHA256"));
                mac.update(new org.bson.RawBsonDocument(d, new org.bson.codecs.BsonDocumentCodec()).getByteBuffer().asNIO());
                d.put("seal", new BsonString(java.util.HexFormat.of().formatHex(mac.doFinal())));
                checkpoints().replaceOne(eq("_id", d.get("_id")), d);
            }
            assertThat(new AuditService(engine, database, new FoldCheckpoints(database, EVERY, forgersKey, false))
                    .programTotals("P1").orElseThrow().accrued()).as("the forgery is read under the forger's key")
                    .isNotEqualTo(full.programTotals("P1").orElseThrow().accrued());

            assertSameAnswers(checkpointed(KEY), instants(new Random(6)));
        }

        @Test
        void whenTheEventsUnderItAreNotTheOnesItWasMadeFrom() {
            // the checkpoints of another history of the same program (a store restored from elsewhere)
            MongoDatabase other = TestMongo.freshDatabase();
            LedgerEventStorageEngine otherEngine = engine(other);
            write(otherEngine, new Random(99), 160);
            new AuditService(otherEngine, other, new FoldCheckpoints(other, EVERY, KEY, true)).programTotals("P1");
            checkpoints().deleteMany(new BsonDocument());
            other.getCollection(FoldCheckpoints.COLLECTION, BsonDocument.class).find()
                    .forEach((BsonDocument d) -> checkpoints().insertOne(d));
            assertThat(checkpoints().countDocuments()).isGreaterThan(20);

            assertSameAnswers(checkpointed(KEY), instants(new Random(7)));
        }

        @Test
        void whenItClaimsAnotherProgramsId() {
            for (BsonDocument d : checkpoints().find(eq("programId", "P2"))) {
                checkpoints().deleteOne(eq("_id", d.get("_id")));
                d.put("_id", new BsonString(d.getString("_id").getValue().replace("P2", "P1")));
                checkpoints().replaceOne(eq("_id", d.get("_id")), d, new com.mongodb.client.model.ReplaceOptions().upsert(true));
            }
            assertSameAnswers(checkpointed(KEY), instants(new Random(8)));
        }
    }

    static LedgerEventStorageEngine engine(MongoDatabase database) {
        return LedgerEventStorageEngine.builder().database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .aggregateWindow(8)
                .build();
    }

    /**
     * A random history of program P1 (and of P2 beside it): commits of one to three money events,
     * recorded at rising instants with ties and, now and then, a clock that went back.
     */
    static List<Instant> write(LedgerEventStorageEngine engine, Random random, int commits) {
        List<Instant> recorded = new ArrayList<>();
        long[] sequence = new long[3];
        Instant t = Instant.parse("2025-03-01T08:00:00Z");
        AwardRules rules = new AwardRules(new AwardRules.Headcount(1, List.of(new AwardRules.Tier(1, Money.parse("50")))),
                null, null);
        for (int p = 1; p <= 2; p++) {
            List<EventMessage<?>> opening = new ArrayList<>();
            opening.add(event(p, sequence[p]++, new ProgramOpened("P" + p, "Program", 2025, "CNY",
                    Money.parse("100000"), Money.parse("30000"), rules, List.of("MY")), t));
            for (String a : AGENCIES.subList(0, 4)) {
                opening.add(event(p, sequence[p]++, new AgencyEnrolled("P" + p, a, random.nextBoolean() ? null
                        : Money.parse("20000")), t));
            }
            engine.appendEvents(opening);
            recorded.add(t);
        }
        for (int c = 0; c < commits; c++) {
            int r = random.nextInt(100);
            t = r < 4 ? t.minusSeconds(5) : r < 15 ? t : t.plusSeconds(1 + random.nextInt(30));
            int p = random.nextInt(10) < 8 ? 1 : 2;
            String programId = "P" + p;
            String agency = AGENCIES.get(random.nextInt(AGENCIES.size()));
            Money amount = new Money(100 * (1 + random.nextInt(5000)));
            List<Object> payloads = new ArrayList<>();
            switch (random.nextInt(9)) {
                case 0 -> payloads.add(new AgencyEnrolled(programId, agency, null));
                case 1 -> payloads.add(new TouristCountReported(programId, "R" + c, agency, "G" + c, "MY", 12, 2,
                        java.time.LocalDate.of(2025, 5, 2), agency));
                case 2, 3 -> {
                    payloads.add(new ReportVerified(programId, "R" + c, agency, "officer1", amount, Money.ZERO,
                            Money.ZERO, amount.plus(amount), true));
                    payloads.add(new AwardAccrued(programId, "R" + c, agency, amount));
                    payloads.add(random.nextBoolean() ? new AwardCapped(programId, "R" + c, agency, amount)
                            : new AwardUnfunded(programId, "R" + c, agency, amount));
                }
                case 4 -> payloads.add(new UnfundedAwardFunded(programId, "R" + c, agency, amount));
                case 5 -> payloads.add(new ReportReversed(programId, "R" + c, agency, "wrong", "officer1", amount,
                        Money.ZERO));
                case 6 -> payloads.add(new PayoutRequested(programId, "Y" + c, agency, amount, "officer1"));
                case 7 -> payloads.add(random.nextBoolean()
                        ? new PayoutSettled(programId, "Y" + c, agency, amount, "B" + c, java.time.LocalDate.of(2025, 6, 1),
                                "officer1")
                        : new PayoutFailed(programId, "Y" + c, agency, amount, "bank", "officer1"));
                default -> payloads.add(new BudgetIncreased(programId, "I" + c, amount, "more", Money.parse("100000")
                        .plus(amount), "officer1"));
            }
            List<EventMessage<?>> events = new ArrayList<>();
            for (Object payload : payloads) {
                events.add(event(p, sequence[p]++, payload, t));
            }
            engine.appendEvents(events);
            recorded.add(t);
        }
        return recorded;
    }

    private static EventMessage<?> event(int program, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>("Program", "program:P" + program, sequence, payload,
                MetaData.with("user", "officer1"), UUID.randomUUID().toString(), at);
    }
}
