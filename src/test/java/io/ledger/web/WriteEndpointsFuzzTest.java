package io.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ledger.eventstore.CommitLog;
import io.ledger.testsupport.Http.Response;
import io.ledger.testsupport.Http;
import io.ledger.testsupport.LedgerTestApplication;
import io.ledger.web.WriteEndpoints.Endpoint;
import io.ledger.web.WriteEndpoints.Field;
import io.ledger.web.WriteEndpoints.Type;

/**
 * Every write endpoint, fed bodies that are valid but for at least one generated fault: a required
 * field missing or of the wrong type, huge or negative numbers, broken amounts and dates, text with
 * control or bidirectional characters or far too long, unknown fields, bodies that are not objects.
 * Each must answer 4xx with a problem document and store no event. The seed is printed on failure;
 * {@code -Dfuzz.seed=N} runs the same bodies again.
 */
class WriteEndpointsFuzzTest extends LedgerTestApplication {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ROUNDS_PER_ENDPOINT = 40;
    static final String SEED_PROPERTY = "fuzz.seed";

    @Autowired
    CommitLog commitLog;

    private long stored() {
        return commitLog.highWaterMark();
    }

    @Test
    void badBodiesNeverAnswer5xxAndNeverStoreAnything() throws Exception {
        Http http = http();
        String s = UUID.randomUUID().toString().substring(0, 6);
        String p = "FZ" + s;
        String v = "FV" + s;
        ok(http.post("/api/agencies", "officer1", "{\"agencyId\":\"A001\",\"name\":\"Sunrise\",\"licenseNo\":\"L-1\"}"));
        ok(http.post("/api/programs", "officer1", """
                {"programId": "%s", "name": "n", "fiscalYear": 2025, "currency": "CNY", "budget": "1000000",
                 "agencyAnnualCap": "1000000", "rules": {"largeGroup": {"minGroupSize": 1, "subsidyPerGroup": "500"}}}"""
                .formatted(p)));
        ok(http.post("/api/programs/" + p + "/enrollments", "officer1", "{\"agencyId\":\"A001\"}"));
        for (String r : List.of("R1", "R2")) {
            ok(http.post("/api/programs/" + p + "/reports", "sunrise", """
                    {"reportId": "%s", "agencyId": "A001", "groupRef": "G%s", "sourceMarket": "MY", "tourists": 5,
                     "nights": 1, "arrivalDate": "2025-05-02"}""".formatted(r, r)));
        }
        ok(http.post("/api/programs/" + p + "/reports/R2/verification", "officer1", null));
        ok(http.post("/api/programs/" + p + "/payouts", "officer1",
                "{\"payoutId\":\"PAY1\",\"agencyId\":\"A001\",\"amount\":\"100\"}"));
        ok(http.post("/api/programs/" + p + "/payouts/PAY1/approval", "officer2", null));
        ok(http.post("/api/venues", "operator", """
                {"venueId": "%s", "name": "n", "category": "AIRPORT", "district": "d"}""".formatted(v)));
        ok(http.post("/api/venues/" + v + "/facilities", "operator",
                "{\"facilityId\":\"F1\",\"kind\":\"FOREIGN_CARD_POS\",\"installedOn\":\"2024-01-01\"}"));

        List<Endpoint> endpoints = WriteEndpoints.all(p, v, s).stream().filter(Endpoint::hasBody).toList();

        // -Dfuzz.seed=N replays the run a failure names
        long seed = Long.getLong(SEED_PROPERTY, new Random().nextLong());
        String seedNote = "seed " + seed + " (replay: -D" + SEED_PROPERTY + "=" + seed + ")";
        Random random = new Random(seed);
        long before = stored();
        int refused = 0;
        for (Endpoint endpoint : endpoints) {
            for (int round = 0; round < ROUNDS_PER_ENDPOINT; round++) {
                String body = badBody(endpoint, random);
                Response response = http.post(endpoint.path(), endpoint.user(), body);
                String what = seedNote + ", POST " + endpoint.path() + " " + abbreviated(body) + " -> "
                        + response.status() + " " + abbreviated(response.body());
                assertThat(response.status()).as(what).isBetween(400, 499);
                assertThat(response.contentType()).as(what).startsWith("application/problem+json");
                assertThat(stored()).as(what).isEqualTo(before);
                refused++;
            }
        }
        for (String path : List.of("/api/programs/" + p + "/reports/%s/verification",
                "/api/programs/" + p + "/payouts/%s/approval", "/api/payouts/%s/approval", "/api/programs/%s/close")) {
            for (String id : List.of("%E2%80%AE", "x".repeat(3000), "..", "%20", "R1%0A", "%F0%9F%98%80", "nope")) {
                Response response = http.post(path.formatted(id), "officer2", null);
                assertThat(response.status()).as(seedNote + ", " + path + " " + abbreviated(id))
                        .isBetween(400, 499);
                assertThat(stored()).as(seedNote + ", " + path + " " + abbreviated(id)).isEqualTo(before);
            }
        }
        assertThat(refused).isEqualTo(endpoints.size() * ROUNDS_PER_ENDPOINT);
    }

    /** The endpoint's valid body with one to three faults, each enough to make it invalid. */
    private static String badBody(Endpoint endpoint, Random random) throws Exception {
        if (random.nextInt(12) == 0) {
            return List.of("[]", "\"x\"", "42", "null", "{", "{\"a\":", "[{}]", "true").get(random.nextInt(8));
        }
        ObjectNode body = JSON.objectNode();
        for (Field field : endpoint.fields()) {
            body.set(field.name(), MAPPER.valueToTree(field.valid()));
        }
        int faults = 1 + random.nextInt(3);
        for (int i = 0; i < faults; i++) {
            Field field = endpoint.fields().get(random.nextInt(endpoint.fields().size()));
            int kind = random.nextInt(10);
            if (kind == 0) {
                body.put("unexpected" + random.nextInt(100), random.nextInt());
            } else if (kind == 1 && field.required()) {
                body.remove(field.name());
            } else {
                JsonNode bad = badValue(field.type(), random);
                // null is a fault only where the field is required
                body.set(field.name(), bad.isNull() && !field.required() ? JSON.objectNode().put("x", 1) : bad);
            }
        }
        return MAPPER.writeValueAsString(body);
    }

    private static JsonNode badValue(Type type, Random random) {
        List<JsonNode> wrongType = List.of(JSON.booleanNode(true), JSON.arrayNode(), JSON.objectNode().put("x", 1),
                JSON.numberNode(new BigInteger("1" + "0".repeat(30))));
        List<JsonNode> values = new ArrayList<>(type == Type.BOOL ? wrongType.subList(1, wrongType.size()) : wrongType);
        switch (type) {
            case ID, TEXT, ENUM -> values.addAll(List.of(JSON.textNode(""), JSON.textNode("   "),
                    JSON.textNode("a\u202Eb"), JSON.textNode("a\u0000b"), JSON.textNode("a\u200Bb"),
                    JSON.textNode("line\nbreak"), JSON.textNode("x".repeat(70_000)),
                    JSON.numberNode(-1), JSON.nullNode()));
            case MONEY -> values.addAll(List.of(JSON.textNode("-1"), JSON.textNode("1e3"), JSON.textNode("1.001"),
                    JSON.textNode("99999999999999999999"), JSON.textNode("abc"), JSON.textNode(""),
                    JSON.numberNode(12), JSON.numberNode(12.5), JSON.textNode("NaN"), JSON.nullNode()));
            case INT -> values.addAll(List.of(JSON.numberNode(-1), JSON.numberNode(Long.MIN_VALUE),
                    JSON.numberNode(1.5), JSON.textNode("x"), JSON.numberNode(10_000_000_000_000L),
                    JSON.nullNode()));
            case DATE -> values.addAll(List.of(JSON.textNode("2025-13-45"), JSON.textNode("x"),
                    JSON.textNode("2999-01-01"), JSON.numberNode(99_999_999), JSON.textNode("+999999999-12-31"),
                    JSON.nullNode()));
            case OBJECT -> values.addAll(List.of(JSON.textNode("x"), JSON.numberNode(-1),
                    JSON.objectNode().<JsonNode>set("pioneering", JSON.objectNode().put("awardPerNewMarket", "-5"))));
            case LIST -> values.addAll(List.of(JSON.textNode("MY"), JSON.arrayNode().add("CN"),
                    JSON.arrayNode().add("AQ"), JSON.arrayNode().add("m\u202Ey"), JSON.arrayNode().addNull()));
            case BOOL -> values.addAll(List.of(JSON.textNode("yes"), JSON.numberNode(2)));
        }
        return values.get(random.nextInt(values.size()));
    }

    /** Short and printable, so that a report shows exactly what was sent. */
    private static String abbreviated(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + ")" : text;
        StringBuilder out = new StringBuilder();
        shown.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return out.toString();
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }
}
