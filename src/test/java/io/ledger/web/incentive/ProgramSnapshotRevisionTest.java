package io.ledger.web.incentive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.domain.Program;
import io.ledger.testsupport.LedgerTestApplication;

/** A program's snapshots are a cache of one layout of the aggregate: that layout is read back, another never. */
class ProgramSnapshotRevisionTest extends LedgerTestApplication {

    @Autowired
    EventStorageEngine engine;

    @Autowired
    Snapshotter snapshotter;

    @Test
    void aSnapshotOfTheCurrentLayoutIsReadBackWithItsMembersAndDecidesAsTheEventsWould() {
        String program = openWithOneReport();
        String aggregateId = IncentiveCommands.programAggregateId(program);
        snapshotter.scheduleSnapshot(Program.class, aggregateId);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // taken on the snapshotter's thread
        while (engine.readSnapshot(aggregateId).isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(engine.readSnapshot(aggregateId)).as("the snapshot taken").isPresent();
        assertThat(engine.readSnapshot(aggregateId).orElseThrow().getPayload()).isInstanceOf(Program.class);

        var verified = http().post("/api/programs/" + program + "/reports/R1/verification", "officer2", "{}");

        // the agency's account and the report come back from the snapshot: 3 tourists × 10.00, all accrued
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.json().path("award").path("computed").asText()).isEqualTo("30.00");
        assertThat(verified.json().path("award").path("accrued").asText()).isEqualTo("30.00");
    }

    @Test
    void aSnapshotWithoutTheCurrentRevisionIsPassedOverAndTheProgramReplayedFromItsEvents() {
        String program = openWithOneReport();
        // what a snapshotter of the layout before revision 2 left: no revision, a state this code cannot read
        engine.storeSnapshot(new GenericDomainEventMessage<>("Program", IncentiveCommands.programAggregateId(program),
                99, Map.of("programId", program, "accrued", "0.00")));

        var verified = http().post("/api/programs/" + program + "/reports/R1/verification", "officer2", "{}");

        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.json().path("award").path("computed").asText()).isEqualTo("30.00");
    }

    private String openWithOneReport() {
        String program = "S" + UUID.randomUUID().toString().substring(0, 8);
        http().post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}");
        assertThat(http().post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Snapshots 2025", "fiscalYear": 2025, "currency": "CNY", "budget": "100000",
                 "agencyAnnualCap": "100000", "rules": {"headcount": {"minNights": 1,
                 "tiers": [{"fromTourist": 1, "ratePerTourist": "10.00"}]}}}""".formatted(program)).status())
                .isEqualTo(201);
        http().post("/api/programs/" + program + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}");
        assertThat(http().post("/api/programs/" + program + "/reports", "officer1", """
                {"reportId": "R1", "agencyId": "A001", "groupRef": "G1", "sourceMarket": "MY", "tourists": 3,
                 "nights": 2, "arrivalDate": "2025-05-02"}""").status()).isEqualTo(201);
        return program;
    }
}
