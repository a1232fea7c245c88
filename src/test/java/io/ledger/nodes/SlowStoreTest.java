package io.ledger.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;

import io.ledger.eventstore.CommitLog;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AgencyRegistered;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.projections.facilities.FacilityCollections;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.Nodes;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.LatencyProxy;

/**
 * A node whose store is slow (issue 14): node B reaches node A's embedded store through a proxy that
 * holds every chunk {@link #LATENCY} in each direction, so each of B's store round trips pays twice
 * that. Several clients drive a program through B, sending each command twice at once and again
 * afterwards; every command is still answered 2xx, each is stored once, and the money read through
 * either node is what the rules give for the verified reports. Only the answers are slower.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlowStoreTest {

    private static final List<String> USERS = List.of("submitter:FINANCE_OFFICER", "verifier:FINANCE_OFFICER");

    /**
     * Clearly felt (a command makes several round trips) yet far below every timeout a round trip
     * meets: server selection 3 s, socket read 10 s, write 5 s, read-your-writes 10 s.
     */
    private static final Duration LATENCY = Duration.ofMillis(40);
    private static final int CLIENTS = 4;
    private static final String PROGRAM = "SLOW";

    /** The reports each client's agency submits: tourists, nights, source market. */
    private record Stay(int tourists, int nights, String market) {
    }

    private static final List<Stay> STAYS = List.of(new Stay(12, 2, "MY"), new Stay(35, 1, "SG"),
            new Stay(8, 0, "MY"));

    @TempDir
    static Path temp;
    private static ConfigurableApplicationContext nodeA;
    private static LatencyProxy proxy;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startANodeBehindASlowLinkToTheOthersStore() {
        nodeA = node("node-a", "--ledger.storage.data-dir=" + temp.resolve("a"), "--ledger.storage.embedded-port=0",
                "--ledger.storage.embedded-fsync=false");
        for (String group : List.of(IncentiveCollections.PROCESSING_GROUP, FacilityCollections.PROCESSING_GROUP)) {
            awaitSegments(nodeA, group);
        }
        ServerAddress store = nodeA.getBean(MongoClient.class).getClusterDescription().getClusterSettings()
                .getHosts().get(0);
        proxy = LatencyProxy.to(store.getHost(), store.getPort());
        // B starts at full speed; the latency is switched on for the commands
        nodeB = node("node-b", "--ledger.storage.data-dir=" + temp.resolve("b-unused"),
                "--ledger.storage.mongodb-uri=mongodb://127.0.0.1:" + proxy.port() + "/ledger");
    }

    @AfterAll
    static void stopAll() throws Exception {
        Nodes.closeInOrder(nodeB, proxy, nodeA);
    }

    private static ConfigurableApplicationContext node(String nodeId, String... storage) {
        return Nodes.start(nodeId, USERS, storage);
    }

    private static void awaitSegments(ConfigurableApplicationContext node, String group) {
        StreamingEventProcessor processor = node.getBean(EventProcessingConfiguration.class)
                .eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (processor.processingStatus().isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        assertThat(processor.processingStatus()).as(group + " segments held").isNotEmpty();
    }

    private static Http http(ConfigurableApplicationContext node) {
        return new Http(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
    }

    /** One command as a client saw it: what it was, the answer, and how long the answer took. */
    private record Sent(String what, Response answer, Duration took) {
    }

    private static Sent send(String what, Supplier<Response> request) {
        long start = System.nanoTime();
        Response answer = request.get();
        return new Sent(what, answer, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The same command from two clients at the same moment: both answered, alike. */
    private static List<Sent> twiceAtOnce(ExecutorService clients, String what, Supplier<Response> request) {
        List<CompletableFuture<Sent>> both = List.of(
                CompletableFuture.supplyAsync(() -> send(what, request), clients),
                CompletableFuture.supplyAsync(() -> send(what + " (repeat)", request), clients));
        return both.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void commandsThroughASlowStoreAreAnsweredStoredOnceAndAddUp() throws Exception {
        Http b = http(nodeB);
        proxy.delay(LATENCY);
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService repeats = Executors.newCachedThreadPool();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            sent.addAll(twiceAtOnce(repeats, "open " + PROGRAM, () -> b.post("/api/programs", "submitter", """
                    {"programId": "%s", "name": "Slow store 2025", "fiscalYear": 2025, "currency": "CNY",
                     "budget": "100000000", "agencyAnnualCap": "10000000",
                     "rules": {"headcount": {"minNights": 1, "tiers": [{"fromTourist": 1, "ratePerTourist": "50.00"}]},
                               "largeGroup": {"minGroupSize": 30, "subsidyPerGroup": "3000.00"},
                               "pioneering": {"awardPerNewMarket": "100000.00", "minTourists": 1, "minNights": 0}}}"""
                    .formatted(PROGRAM))));
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String agency = "S" + c;
                runs.add(clients.submit(() -> {
                    Http own = http(nodeB);
                    sent.addAll(twiceAtOnce(repeats, "register " + agency, registration(own, agency)));
                    sent.addAll(twiceAtOnce(repeats, "enroll " + agency, enrollment(own, agency)));
                    for (int r = 0; r < STAYS.size(); r++) {
                        String reportId = agency + "-R" + r;
                        sent.addAll(twiceAtOnce(repeats, "submit " + reportId, submission(own, agency, reportId,
                                STAYS.get(r))));
                        sent.addAll(twiceAtOnce(repeats, "verify " + reportId, verification(own, reportId)));
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get(3, TimeUnit.MINUTES);
            }

            assertThat(sent.stream().filter(s -> s.answer().status() / 100 != 2)
                    .map(s -> s.what() + " → " + s.answer().status() + " " + s.answer().body()))
                    .as("commands not acknowledged").isEmpty();
            Map<String, List<Sent>> byCommand = sent.stream()
                    .collect(Collectors.groupingBy(s -> s.what().replace(" (repeat)", "")));
            byCommand.forEach((what, pair) -> {
                // an enrollment answers the program, which the other clients' enrollments change meanwhile
                if (!what.startsWith("enroll")) {
                    assertThat(pair.get(1).answer().json()).as(what + " repeated").isEqualTo(pair.get(0).answer()
                            .json());
                }
            });
            // B's commands wait for A's processors, which see another node's events only when they poll
            // the store (up to a second apart): that alone outlasts the latency, so a read shows it
            assertThat(proxy.delayedChunks()).as("chunks that waited out the latency").isPositive();
            Sent read = send("a balance read through B", () -> b.get("/api/programs/" + PROGRAM
                    + "/agencies/S0/balance", "verifier"));
            assertThat(read.answer().status()).as(read.answer().body()).isEqualTo(200);
            assertThat(read.took()).as("a read through B, at least one round trip to the store")
                    .isGreaterThanOrEqualTo(LATENCY.multipliedBy(2));

            // Every command again, one after the other: answered as before, and not one position more
            CommitLog events = nodeA.getBean(CommitLog.class);
            long stored = events.highWaterMark();
            for (int c = 0; c < CLIENTS; c++) {
                String agency = "S" + c;
                Response registered = registration(b, agency).get();
                assertThat(registered.json()).as("register " + agency + " once more")
                        .isEqualTo(byCommand.get("register " + agency).get(0).answer().json());
                Response enrolled = enrollment(b, agency).get();
                assertThat(enrolled.status()).as(enrolled.body()).isBetween(200, 201);
                for (int r = 0; r < STAYS.size(); r++) {
                    String reportId = agency + "-R" + r;
                    JsonNode verified = byCommand.get("verify " + reportId).get(0).answer().json();
                    Response again = verification(b, reportId).get();
                    assertThat(again.status()).as(again.body()).isEqualTo(200);
                    assertThat(again.json()).as("verify " + reportId + " once more").isEqualTo(verified);
                    Response resubmitted = submission(b, agency, reportId, STAYS.get(r)).get();
                    assertThat(resubmitted.status()).as(resubmitted.body()).isEqualTo(201);
                }
            }
            assertThat(events.highWaterMark()).as("positions reserved by repeats").isEqualTo(stored);

            assertStoredOnce(events);
            assertFigures(http(nodeA), b, byCommand);
        } finally {
            clients.shutdownNow();
            repeats.shutdownNow();
        }
    }

    private static Supplier<Response> registration(Http http, String agency) {
        return () -> http.post("/api/agencies", "submitter", """
                {"agencyId": "%s", "name": "Slow %s", "licenseNo": "L-%s"}""".formatted(agency, agency, agency));
    }

    private static Supplier<Response> enrollment(Http http, String agency) {
        return () -> http.post("/api/programs/" + PROGRAM + "/enrollments", "submitter",
                "{\"agencyId\": \"" + agency + "\"}");
    }

    private static Supplier<Response> submission(Http http, String agency, String reportId, Stay stay) {
        return () -> http.post("/api/programs/" + PROGRAM + "/reports", "submitter", """
                {"reportId": "%s", "agencyId": "%s", "groupRef": "G-%s", "sourceMarket": "%s",
                 "tourists": %d, "nights": %d, "arrivalDate": "2025-05-02"}"""
                .formatted(reportId, agency, reportId, stay.market(), stay.tourists(), stay.nights()));
    }

    private static Supplier<Response> verification(Http http, String reportId) {
        return () -> http.post("/api/programs/" + PROGRAM + "/reports/" + reportId + "/verification", "verifier",
                null);
    }

    /** Each fact in the store once, however many times and however concurrently its command was sent. */
    private static void assertStoredOnce(CommitLog events) {
        List<BigDecimal> awards = expectedAwards();
        List<Object> program = payloads(events, IncentiveCommands.programAggregateId(PROGRAM));
        for (int c = 0; c < CLIENTS; c++) {
            String agency = "S" + c;
            assertThat(payloads(events, IncentiveCommands.agencyAggregateId(agency)).stream()
                    .filter(AgencyRegistered.class::isInstance)).as("registrations of " + agency).hasSize(1);
            assertThat(count(program, AgencyEnrolled.class, AgencyEnrolled::agencyId, agency))
                    .as("enrollments of " + agency).isEqualTo(1);
            for (int r = 0; r < STAYS.size(); r++) {
                String reportId = agency + "-R" + r;
                assertThat(count(program, TouristCountReported.class, TouristCountReported::reportId, reportId))
                        .as("submissions of " + reportId).isEqualTo(1);
                assertThat(count(program, ReportVerified.class, ReportVerified::reportId, reportId))
                        .as("verifications of " + reportId).isEqualTo(1);
                assertThat(count(program, AwardAccrued.class, AwardAccrued::reportId, reportId))
                        .as("accruals of " + reportId).isEqualTo(awards.get(r).signum());
            }
        }
    }

    private static List<Object> payloads(CommitLog events, String aggregateId) {
        List<Object> payloads = new ArrayList<>();
        events.deserialize(events.aggregateCommits(aggregateId, 0).toList(), aggregateId)
                .forEachRemaining(e -> payloads.add(e.getPayload()));
        return payloads;
    }

    private static <E> long count(List<Object> payloads, Class<E> type, Function<E, String> id, String expected) {
        return payloads.stream().filter(type::isInstance).map(type::cast).filter(e -> id.apply(e).equals(expected))
                .count();
    }

    /**
     * Each report's award by the rules, in the order an agency's reports are verified: 50.00 a tourist
     * staying a night or more, 3000.00 a group of 30 or more, 100000.00 a market new to the agency.
     * Budget and cap are far above the sum, so all of it accrues.
     */
    private static List<BigDecimal> expectedAwards() {
        List<BigDecimal> awards = new ArrayList<>();
        Set<String> markets = new HashSet<>();
        for (Stay stay : STAYS) {
            BigDecimal award = BigDecimal.ZERO;
            if (stay.nights() >= 1) {
                award = award.add(new BigDecimal("50.00").multiply(BigDecimal.valueOf(stay.tourists())));
            }
            if (stay.tourists() >= 30) {
                award = award.add(new BigDecimal("3000.00"));
            }
            if (markets.add(stay.market())) {
                award = award.add(new BigDecimal("100000.00"));
            }
            awards.add(award);
        }
        return awards;
    }

    private static void assertFigures(Http a, Http b, Map<String, List<Sent>> byCommand) {
        List<BigDecimal> awards = expectedAwards();
        BigDecimal perAgency = awards.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        for (int c = 0; c < CLIENTS; c++) {
            String agency = "S" + c;
            for (int r = 0; r < STAYS.size(); r++) {
                String reportId = agency + "-R" + r;
                JsonNode award = byCommand.get("verify " + reportId).get(0).answer().json().get("award");
                assertThat(money(award, "computed")).as("award of " + reportId).isEqualByComparingTo(awards.get(r));
                assertThat(money(award, "accrued")).as("accrued of " + reportId).isEqualByComparingTo(awards.get(r));
            }
            String path = "/api/programs/" + PROGRAM + "/agencies/" + agency + "/balance";
            JsonNode throughA = read(a, path);
            JsonNode throughB = read(b, path);
            for (String figure : List.of("computed", "accrued", "capped", "unfunded", "outstanding")) {
                assertThat(money(throughB, figure)).as(agency + " " + figure + " through B")
                        .isEqualByComparingTo(money(throughA, figure));
            }
            assertThat(money(throughA, "computed")).as(agency + " computed").isEqualByComparingTo(perAgency);
            assertThat(money(throughA, "accrued")).as(agency + " accrued").isEqualByComparingTo(perAgency);
        }
        BigDecimal total = perAgency.multiply(BigDecimal.valueOf(CLIENTS));
        JsonNode totalsA = read(a, "/api/programs/" + PROGRAM).get("totals");
        JsonNode totalsB = read(b, "/api/programs/" + PROGRAM).get("totals");
        assertThat(totalsB).as("program totals through B").isEqualTo(totalsA);
        assertThat(money(totalsA, "computed")).as("program computed").isEqualByComparingTo(total);
        assertThat(money(totalsA, "accrued")).as("program accrued").isEqualByComparingTo(total);
        assertThat(money(totalsA, "remainingBudget")).as("program remaining budget")
                .isEqualByComparingTo(new BigDecimal("100000000").subtract(total));
    }

    private static JsonNode read(Http http, String path) {
        Response response = http.get(path, "verifier");
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static BigDecimal money(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
