package io.ledger.web;

import java.util.List;
import java.util.Map;

/**
 * Every state-changing endpoint of the API, with the fields of its body and a valid value of each;
 * endpoints without a body have none. The fuzz test feeds the ones with a body bad bodies, the
 * media-type test sends every one a non-JSON request, and {@code IntegrityHttpTest} checks that no
 * write mapping of the application is missing here.
 */
final class WriteEndpoints {

    enum Type { ID, TEXT, MONEY, INT, DATE, ENUM, OBJECT, LIST, BOOL }

    record Field(String name, Type type, boolean required, Object valid) {
    }

    record Endpoint(String path, String user, List<Field> fields) {

        boolean hasBody() {
            return !fields.isEmpty();
        }

        @Override
        public String toString() {
            return "POST " + path;
        }
    }

    private WriteEndpoints() {
    }

    /**
     * @param p a program with agency A001 enrolled, report R1 submitted, R2 verified and payout PAY1
     *          approved (in the fuzz test; elsewhere any id)
     * @param v a venue with facility F1
     * @param s a suffix for ids that must be new
     */
    static List<Endpoint> all(String p, String v, String s) {
        return List.of(
                new Endpoint("/api/agencies", "officer1", List.of(req("agencyId", Type.ID, "A9" + s),
                        req("name", Type.TEXT, "n"), req("licenseNo", Type.TEXT, "l"))),
                new Endpoint("/api/programs", "officer1", List.of(req("programId", Type.ID, "P9" + s),
                        req("name", Type.TEXT, "n"), req("fiscalYear", Type.INT, 2025),
                        req("currency", Type.ENUM, "CNY"), req("budget", Type.MONEY, "100"),
                        req("agencyAnnualCap", Type.MONEY, "100"), opt("rules", Type.OBJECT, Map.of()),
                        opt("eligibleMarkets", Type.LIST, List.of("MY")))),
                new Endpoint("/api/programs/" + p + "/budget-increases", "officer1", List.of(
                        req("increaseId", Type.ID, "I1"), req("amount", Type.MONEY, "10"),
                        req("reason", Type.TEXT, "r"))),
                new Endpoint("/api/programs/" + p + "/enrollments", "officer1", List.of(
                        req("agencyId", Type.ID, "A001"))),
                new Endpoint("/api/programs/" + p + "/close", "officer1", List.of()),
                new Endpoint("/api/programs/" + p + "/reports", "officer1", List.of(req("reportId", Type.ID, "R9"),
                        req("agencyId", Type.ID, "A001"), req("groupRef", Type.TEXT, "G9"),
                        req("sourceMarket", Type.ENUM, "SG"), req("tourists", Type.INT, 3),
                        req("nights", Type.INT, 1), req("arrivalDate", Type.DATE, "2025-05-03"))),
                new Endpoint("/api/programs/" + p + "/reports/R1/verification", "officer2", List.of()),
                new Endpoint("/api/programs/" + p + "/reports/R1/rejection", "officer1",
                        List.of(req("reason", Type.TEXT, "r"))),
                new Endpoint("/api/programs/" + p + "/reports/R2/reversal", "officer1",
                        List.of(req("reason", Type.TEXT, "r"))),
                new Endpoint("/api/programs/" + p + "/payouts", "officer1", List.of(req("payoutId", Type.ID, "PAY9"),
                        req("agencyId", Type.ID, "A001"), req("amount", Type.MONEY, "1"))),
                new Endpoint("/api/programs/" + p + "/payouts/PAY1/approval", "officer2", List.of()),
                new Endpoint("/api/payouts/PAY1/approval", "officer2", List.of()),
                new Endpoint("/api/programs/" + p + "/payouts/PAY1/settlement", "officer1", settlement()),
                new Endpoint("/api/payouts/PAY1/settlement", "officer1", settlement()),
                new Endpoint("/api/programs/" + p + "/payouts/PAY1/failure", "officer1",
                        List.of(req("reason", Type.TEXT, "r"))),
                new Endpoint("/api/payouts/PAY1/failure", "officer1", List.of(req("reason", Type.TEXT, "r"))),
                new Endpoint("/api/venues", "operator", List.of(req("venueId", Type.ID, "V9" + s),
                        req("name", Type.TEXT, "n"), req("category", Type.ENUM, "AIRPORT"),
                        req("district", Type.TEXT, "d"), opt("openedOn", Type.DATE, "2020-01-01"))),
                new Endpoint("/api/venues/" + v + "/facilities", "operator", List.of(
                        req("facilityId", Type.ID, "F9"), req("kind", Type.ENUM, "EXCHANGE_COUNTER"),
                        req("installedOn", Type.DATE, "2024-02-01"))),
                new Endpoint("/api/venues/" + v + "/facilities/F1/removal", "operator", List.of(
                        req("removedOn", Type.DATE, "2024-03-01"), req("reason", Type.TEXT, "r"))),
                new Endpoint("/api/venues/" + v + "/activity", "operator", List.of(
                        req("activityId", Type.ID, "ACT9"), req("channel", Type.ENUM, "FOREIGN_CARD_PAYMENT"),
                        req("periodStart", Type.DATE, "2024-02-01"), req("periodEnd", Type.DATE, "2024-02-28"),
                        req("transactions", Type.INT, 3), req("amount", Type.MONEY, "30"),
                        req("visitorsServed", Type.INT, 2))),
                new Endpoint("/api/audit/reconciliations", "auditor", List.of(
                        req("projection", Type.ENUM, "incentive-ledger"), opt("keepRebuilt", Type.BOOL, false))));
    }

    private static List<Field> settlement() {
        return List.of(req("bankReference", Type.TEXT, "B"), req("settledOn", Type.DATE, "2025-06-01"));
    }

    private static Field req(String name, Type type, Object valid) {
        return new Field(name, type, true, valid);
    }

    private static Field opt(String name, Type type, Object valid) {
        return new Field(name, type, false, valid);
    }
}
