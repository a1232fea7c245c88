package io.ledger.web.incentive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import io.ledger.api.EventMetadata;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.VerifyReport;
import io.ledger.incentive.domain.Program;
import io.ledger.testsupport.LedgerTestApplication;

/**
 * Consecutive commands on one program use the copy kept in memory, and that copy is never trusted
 * over the store: another writer (a second node, here an uncached repository on the same event store)
 * that moves the program on behind the cache's back makes the cached copy's append collide with the
 * store's sequence check, the copy is dropped and the gateway's retry decides on the program as stored.
 */
class AggregateCacheTest extends LedgerTestApplication {

    @Autowired
    Repository<Program> programs;

    @Autowired
    @Qualifier("aggregateCache")
    Cache cache;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    CommandBus commandBus;

    @Autowired
    CommandGateway gateway;

    @Test
    void consecutiveCommandsOnOneProgramUseTheSameAggregateInMemory() {
        String program = openProgram("100000");
        Program first = inUnitOfWork(programs, program, p -> p);
        Program second = inUnitOfWork(programs, program, p -> p);
        assertThat(second).as("the program kept between units of work").isSameAs(first);
    }

    @Test
    void anAppendFromAStaleCopyCollidesAndTheRetryDecidesOnTheProgramAsStoredSoTheBudgetHolds() {
        // budget 100, 10.00 a tourist: R1 and R2 would award 60 each, together more than the budget
        String program = openProgram("100");
        submit(program, "R1", 6);
        submit(program, "R2", 6);
        assertThat(cache.containsKey(IncentiveCommands.programAggregateId(program))).as("cached").isTrue();

        // another node verifies R1 through the store: 60 of the 100 are gone, this node's copy does not know
        inUnitOfWork(otherNode(), program, p -> p.handle(new VerifyReport(program, "R1", "officer2")));

        var verified = http().post("/api/programs/" + program + "/reports/R2/verification", "officer1", "{}");

        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.json().path("award").path("computed").asText()).isEqualTo("60.00");
        assertThat(verified.json().path("award").path("accrued").asText()).as("what the budget has left")
                .isEqualTo("40.00");
        var totals = http().get("/api/programs/" + program, "officer1").json().path("totals");
        assertThat(totals.path("accrued").asText()).as(totals.toString()).isEqualTo("100.00");
    }

    @Test
    void aCommandWhoseAppendTheStoreRefusedLeavesNoChangedCopyInTheCache() {
        String program = openProgram("100000");
        submit(program, "R1", 3);
        submit(program, "R2", 4);
        inUnitOfWork(otherNode(), program, p -> p.handle(new VerifyReport(program, "R1", "officer2")));

        // straight to the bus, without the gateway's retry: the stale copy verifies R2, the store refuses
        CommandResultMessage<?> result = dispatch(new VerifyReport(program, "R2", "officer1"));

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(ConcurrencyException.class);
        assertThat(cache.containsKey(IncentiveCommands.programAggregateId(program)))
                .as("the copy that verified R2 in memory only").isFalse();
        assertThat(inUnitOfWork(programs, program, Program::awardsIfVerifiedNext))
                .as("waiting after the refused append: R2, not R1 (verified by the other node)")
                .containsOnlyKeys("R2");
    }

    @Test
    void aRefusedCommandLeavesNoCopyInTheCache() {
        String program = openProgram("100000");
        submit(program, "R1", 3);
        assertThat(cache.containsKey(IncentiveCommands.programAggregateId(program))).isTrue();

        var again = http().post("/api/programs/" + program + "/reports", "sunrise", report("R1", 5));

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(cache.containsKey(IncentiveCommands.programAggregateId(program))).isFalse();
        assertThat(inUnitOfWork(programs, program, Program::awardsIfVerifiedNext).get("R1").computed().toString())
                .as("R1 as first submitted").isEqualTo("30.00");
    }

    @Test
    void snapshotsAreStillTakenWhileTheProgramStaysInMemory() throws InterruptedException {
        String program = openProgram("100000");
        String aggregateId = IncentiveCommands.programAggregateId(program);
        assertThat(engine.readSnapshot(aggregateId)).isEmpty();
        for (int i = 0; i < 110; i++) {
            gateway.sendAndWait(new ReportTouristCount(program, "R" + i, "A001", "G" + i, "MY", 2, 2,
                    LocalDate.of(2025, 5, 2), "officer1"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (engine.readSnapshot(aggregateId).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.readSnapshot(aggregateId)).as("snapshot after 100 events").isPresent();
        assertThat(engine.readSnapshot(aggregateId).orElseThrow().getSequenceNumber()).isGreaterThanOrEqualTo(99);
    }

    /** A writer that shares the store but not the cache: what a second application node is. */
    private Repository<Program> otherNode() {
        return EventSourcingRepository.builder(Program.class).eventStore(eventStore).build();
    }

    private <R> R inUnitOfWork(Repository<Program> repository, String program, Function<Program, R> action) {
        var result = DefaultUnitOfWork.startAndGet(null).executeWithResult(
                () -> repository.load(IncentiveCommands.programAggregateId(program)).invoke(action));
        assertThat(result.isExceptional()).as(String.valueOf(result.optionalExceptionResult())).isFalse();
        return result.getPayload();
    }

    private CommandResultMessage<?> dispatch(Object command) {
        var answer = new java.util.concurrent.CompletableFuture<CommandResultMessage<?>>();
        commandBus.dispatch(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(EventMetadata.USER, "officer1", EventMetadata.ROLES, "FINANCE_OFFICER")),
                (message, result) -> answer.complete(result));
        return answer.join();
    }

    private String openProgram(String budget) {
        String program = "C" + UUID.randomUUID().toString().substring(0, 8);
        http().post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}");
        var opened = http().post("/api/programs", "officer1", """
                {"programId": "%s", "name": "Cache 2025", "fiscalYear": 2025, "currency": "CNY", "budget": "%s",
                 "agencyAnnualCap": "100000", "rules": {"headcount": {"minNights": 1,
                 "tiers": [{"fromTourist": 1, "ratePerTourist": "10.00"}]}}}""".formatted(program, budget));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        var enrolled = http().post("/api/programs/" + program + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}");
        assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);
        return program;
    }

    private void submit(String program, String reportId, int tourists) {
        var submitted = http().post("/api/programs/" + program + "/reports", "sunrise", report(reportId, tourists));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    }

    private static String report(String reportId, int tourists) {
        return """
                {"reportId": "%s", "agencyId": "A001", "groupRef": "G-%s", "sourceMarket": "MY", "tourists": %d,
                 "nights": 2, "arrivalDate": "2025-05-02"}""".formatted(reportId, reportId, tourists);
    }
}
