package io.ledger.metrics;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.projections.support.MongoViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;

/**
 * The money of every program and the work waiting on people (reports to verify, payouts to
 * approve, unfunded claims, failed payouts nobody has requested again), read from the read models
 * on the sampling thread. Ages are computed at scrape time from the instants found here.
 */
final class ProgramFigures implements BackgroundFigures {

    static final List<String> PAYOUT_STATES = List.of("REQUESTED", "APPROVED", "SETTLED", "FAILED");
    private static final List<String> MONEY = List.of("budget", "accrued", "unfunded", "reserved", "paid", "remaining");

    private final IncentiveCollections views;
    private final Clock clock;
    private final Map<String, MultiGauge> money = new HashMap<>();
    private final Map<String, MultiGauge> work = new HashMap<>();

    /** What waits on someone in one program: how many, and since when the oldest has waited. */
    private static final class Queue {
        long count;
        Instant oldest;

        void add(Instant since) {
            count++;
            oldest = oldest == null || since.isBefore(oldest) ? since : oldest;
        }
    }

    ProgramFigures(IncentiveCollections views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    void register(MeterRegistry registry) {
        for (String figure : MONEY) {
            money.put(figure, MultiGauge.builder("ledger.program." + figure + ".cny")
                    .description("The program's " + figure + " money in CNY, as the read model last showed it")
                    .register(registry));
        }
        gauge(registry, "payouts", "Payouts of the program, by status");
        gauge(registry, "payouts.amount.cny", "Amount of the program's payouts in CNY, by status");
        gauge(registry, "payouts.oldest.age.seconds", "Seconds the oldest payout has been in its status, "
                + "for the statuses that wait on someone (REQUESTED: since requested, APPROVED: since approved)");
        gauge(registry, "payouts.awaiting.approval.workdays",
                "Working days (Monday to Friday) since the oldest payout still awaiting its second approval was requested");
        gauge(registry, "reports.awaiting.verification", "Submitted reports not yet verified or rejected");
        gauge(registry, "reports.awaiting.verification.oldest.age.seconds",
                "Seconds since the oldest report awaiting verification was submitted");
        gauge(registry, "unfunded.claims", "Verified reports with an award (part) waiting for budget");
        gauge(registry, "unfunded.claims.oldest.age.seconds",
                "Seconds since the oldest unfunded claim was verified");
        gauge(registry, "failed.payouts.unhandled",
                "Failed payouts after which no payout was requested for the same agency");
        gauge(registry, "failed.payouts.unhandled.oldest.age.seconds",
                "Seconds since the oldest failed payout that nobody requested again failed");
    }

    private void gauge(MeterRegistry registry, String name, String description) {
        work.put(name, MultiGauge.builder("ledger.program." + name).description(description).register(registry));
    }

    @Override
    public void refresh() {
        Map<String, List<Row<?>>> rows = new HashMap<>();
        List<String> programs = new ArrayList<>();
        for (Document program : views.programs().find()) {
            String id = program.getString("programId");
            programs.add(id);
            long budget = MongoViews.fen(program, "budget");
            Map<String, Long> fen = Map.of("budget", budget, "accrued", MongoViews.fen(program, "accrued"),
                    "unfunded", MongoViews.fen(program, "unfunded"), "reserved", MongoViews.fen(program, "reserved"),
                    "paid", MongoViews.fen(program, "paid"), "remaining", budget - MongoViews.fen(program, "accrued"));
            for (String figure : MONEY) {
                rows.computeIfAbsent(figure, k -> new ArrayList<>())
                        .add(Row.of(Tags.of("program", id), fen.get(figure) / 100.0));
            }
        }
        Map<String, Queue> submitted = new HashMap<>();
        Map<String, Queue> unfunded = new HashMap<>();
        for (Document report : views.reports().find()) {
            String program = report.getString("programId");
            if ("SUBMITTED".equals(report.getString("status"))) {
                submitted.computeIfAbsent(program, k -> new Queue()).add(Instant.parse(report.getString("submittedAt")));
            } else if (MongoViews.fen(report, "unfunded") > 0 && report.getString("verifiedAt") != null) {
                unfunded.computeIfAbsent(program, k -> new Queue()).add(Instant.parse(report.getString("verifiedAt")));
            }
        }
        Map<String, Map<String, Queue>> payouts = new HashMap<>();
        Map<String, Long> amounts = new HashMap<>();
        Map<String, Instant> lastRequestByAgency = new HashMap<>();
        List<Document> failed = new ArrayList<>();
        for (Document payout : views.payouts().find()) {
            String program = payout.getString("programId");
            String status = payout.getString("status");
            Instant requested = Instant.parse(payout.getString("requestedAt"));
            Instant since = "APPROVED".equals(status) && payout.getString("approvedAt") != null
                    ? Instant.parse(payout.getString("approvedAt")) : requested;
            payouts.computeIfAbsent(program, k -> new HashMap<>()).computeIfAbsent(status, k -> new Queue()).add(since);
            amounts.merge(program + "\n" + status, MongoViews.fen(payout, "amount"), Long::sum);
            lastRequestByAgency.merge(program + "\n" + payout.getString("agencyId"), requested,
                    (a, b) -> a.isAfter(b) ? a : b);
            if ("FAILED".equals(status) && payout.getString("failedAt") != null) {
                failed.add(payout);
            }
        }
        Map<String, Queue> unhandled = new HashMap<>();
        for (Document payout : failed) {
            Instant failedAt = Instant.parse(payout.getString("failedAt"));
            String program = payout.getString("programId");
            if (!lastRequestByAgency.get(program + "\n" + payout.getString("agencyId")).isAfter(failedAt)) {
                unhandled.computeIfAbsent(program, k -> new Queue()).add(failedAt);
            }
        }
        for (String program : programs) {
            Tags tags = Tags.of("program", program);
            Map<String, Queue> states = payouts.getOrDefault(program, Map.of());
            for (String status : PAYOUT_STATES) {
                Queue queue = states.getOrDefault(status, new Queue());
                Tags withStatus = tags.and("status", status);
                rows.computeIfAbsent("payouts", k -> new ArrayList<>()).add(Row.of(withStatus, queue.count));
                rows.computeIfAbsent("payouts.amount.cny", k -> new ArrayList<>())
                        .add(Row.of(withStatus, amounts.getOrDefault(program + "\n" + status, 0L) / 100.0));
                if (status.equals("REQUESTED") || status.equals("APPROVED")) {
                    rows.computeIfAbsent("payouts.oldest.age.seconds", k -> new ArrayList<>())
                            .add(ageRow(withStatus, queue));
                }
            }
            Queue awaiting = states.getOrDefault("REQUESTED", new Queue());
            rows.computeIfAbsent("payouts.awaiting.approval.workdays", k -> new ArrayList<>())
                    .add(Row.of(tags, awaiting.oldest == null ? 0 : workingDaysSince(awaiting.oldest)));
            queueRows(rows, "reports.awaiting.verification", tags, submitted.getOrDefault(program, new Queue()));
            queueRows(rows, "unfunded.claims", tags, unfunded.getOrDefault(program, new Queue()));
            queueRows(rows, "failed.payouts.unhandled", tags, unhandled.getOrDefault(program, new Queue()));
        }
        publish(money, rows);
        publish(work, rows);
    }

    private void queueRows(Map<String, List<Row<?>>> rows, String name, Tags tags, Queue queue) {
        rows.computeIfAbsent(name, k -> new ArrayList<>()).add(Row.of(tags, queue.count));
        rows.computeIfAbsent(name + ".oldest.age.seconds", k -> new ArrayList<>()).add(ageRow(tags, queue));
    }

    private Row<?> ageRow(Tags tags, Queue queue) {
        Instant oldest = queue.oldest;
        return Row.of(tags, clock, c -> oldest == null ? 0 : Duration.between(oldest, c.instant()).toMillis() / 1000.0);
    }

    private static void publish(Map<String, MultiGauge> gauges, Map<String, List<Row<?>>> rows) {
        gauges.forEach((name, gauge) -> gauge.register(rows.getOrDefault(name, List.of()), true));
    }

    /** Monday to Friday after the day of {@code since}, up to today; public holidays are not known here. */
    long workingDaysSince(Instant since) {
        LocalDate day = since.atZone(clock.getZone()).toLocalDate();
        LocalDate today = LocalDate.now(clock);
        long days = 0;
        for (LocalDate d = day.plusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return days;
    }
}
