package io.ledger.projections.incentive;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import io.ledger.api.Money;
import io.ledger.incentive.api.IncentiveViews.AgencyView;
import io.ledger.incentive.api.IncentiveViews.Award;
import io.ledger.incentive.api.IncentiveViews.BalanceView;
import io.ledger.incentive.api.IncentiveViews.PayoutView;
import io.ledger.incentive.api.IncentiveViews.ProgramView;
import io.ledger.incentive.api.IncentiveViews.ReportView;
import io.ledger.incentive.api.IncentiveViews.Totals;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;
import io.ledger.projections.support.MongoViews;

/** Answers the incentive ledger's questions from its read models; every lookup is by {@code _id}. */
@Component
public class IncentiveQueries {

    private final IncentiveCollections views;
    private final Clock clock;

    public IncentiveQueries(IncentiveCollections views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    public Optional<AgencyView> agency(String agencyId) {
        return Optional.ofNullable(views.agencies().find(eq("_id", agencyId)).first())
                .map(d -> new AgencyView(d.getString("agencyId"), d.getString("name"), d.getString("licenseNo")));
    }

    public Optional<ProgramView> program(String programId) {
        return Optional.ofNullable(views.programs().find(eq("_id", programId)).first()).map(d -> {
            Money budget = money(d, "budget");
            Totals totals = new Totals(budget, money(d, "computed"), money(d, "accrued"), money(d, "capped"),
                    money(d, "unfunded"), money(d, "reserved"), money(d, "paid"),
                    budget.minus(money(d, "accrued")));
            return new ProgramView(d.getString("programId"), d.getString("name"), d.getInteger("fiscalYear"),
                    d.getString("currency"), budget, money(d, "agencyAnnualCap"), d.get("rules", Document.class),
                    d.getString("status"), d.getList("agencies", String.class), totals);
        });
    }

    /** Every program, by id. */
    public List<ProgramView> programs() {
        List<ProgramView> result = new ArrayList<>();
        for (Document d : views.programs().find().projection(new Document("_id", 1))) {
            program(d.getString("_id")).ifPresent(result::add);
        }
        result.sort(Comparator.comparing(ProgramView::programId));
        return result;
    }

    /**
     * A program's reports, oldest first, optionally of one agency, in one status, and leaving out
     * those sent by one user (the work another officer may take).
     */
    public List<ReportView> reports(String programId, String agencyId, ReportStatus status, String notSubmittedBy) {
        List<Bson> filters = new ArrayList<>(List.of(eq("programId", programId)));
        if (agencyId != null) {
            filters.add(eq("agencyId", agencyId));
        }
        if (status != null) {
            filters.add(eq("status", status.name()));
        }
        if (notSubmittedBy != null) {
            filters.add(ne("submittedBy", notSubmittedBy));
        }
        List<ReportView> result = new ArrayList<>();
        views.reports().find(and(filters)).forEach(d -> result.add(report(d)));
        result.sort(Comparator.comparing(ReportView::submittedAt).thenComparing(ReportView::reportId));
        return result;
    }

    public Optional<ReportView> report(String programId, String reportId) {
        return Optional.ofNullable(views.reports().find(eq("_id", IncentiveCollections.reportId(programId, reportId)))
                .first()).map(IncentiveQueries::report);
    }

    private static ReportView report(Document d) {
        Award award = d.containsKey("computed") ? new Award(money(d, "headcount"), money(d, "largeGroup"),
                money(d, "pioneering"), money(d, "computed"), money(d, "accrued"), money(d, "capped"),
                money(d, "unfunded")) : null;
        return new ReportView(d.getString("programId"), d.getString("reportId"), d.getString("agencyId"),
                d.getString("groupRef"), d.getString("sourceMarket"), d.getInteger("tourists"),
                d.getInteger("nights"), d.getString("arrivalDate"), ReportStatus.valueOf(d.getString("status")),
                d.getString("submittedAt"), d.getString("verifiedBy"), d.getString("verifiedAt"), award,
                d.getString("reason"), optionalMoney(d, "accruedTakenBack"), optionalMoney(d, "unfundedReleased"));
    }

    public Optional<BalanceView> balance(String programId, String agencyId) {
        return Optional.ofNullable(views.balances().find(eq("_id", IncentiveCollections.balanceId(programId, agencyId)))
                .first()).map(d -> {
                    Money cap = money(d, "cap");
                    Money accrued = money(d, "accrued");
                    Money unfunded = money(d, "unfunded");
                    Money reserved = money(d, "reserved");
                    Money paid = money(d, "paid");
                    return new BalanceView(programId, agencyId, cap, money(d, "computed"), accrued, money(d, "capped"),
                            unfunded, reserved, paid, accrued.minus(reserved).minus(paid),
                            cap.minus(accrued).minus(unfunded), clock.instant());
                });
    }

    public Optional<PayoutView> payout(String programId, String payoutId) {
        return Optional.ofNullable(views.payouts().find(eq("_id", IncentiveCollections.payoutKey(programId,
                payoutId))).first()).map(IncentiveQueries::payout);
    }

    /** The programs that have a payout of this id, sorted. */
    public List<String> programsWithPayout(String payoutId) {
        Document index = views.payoutPrograms().find(eq("_id", payoutId)).first();
        return index == null ? List.of() : index.getList("programIds", String.class).stream().sorted().toList();
    }

    /**
     * One page of a program's payouts in the order they were requested, optionally of one agency and
     * in one status: at most {@code limit} after skipping {@code offset} matching ones.
     */
    public List<PayoutView> payouts(String programId, String agencyId, PayoutStatus status, int offset, int limit) {
        Document index = views.programPayouts().find(eq("_id", programId)).first();
        if (index == null) {
            return List.of();
        }
        List<String> ids = index.getList("payoutIds", String.class);
        List<PayoutView> result = new ArrayList<>();
        int skipped = 0;
        for (int from = 0; from < ids.size() && result.size() < limit; from += 500) {
            List<String> keys = ids.subList(from, Math.min(ids.size(), from + 500)).stream()
                    .map(id -> IncentiveCollections.payoutKey(programId, id)).toList();
            Map<String, PayoutView> batch = new HashMap<>();
            for (Document d : views.payouts().find(in("_id", keys))) {
                batch.put(d.getString("_id"), payout(d));
            }
            for (String key : keys) { // the order of the index is the order of the requests
                PayoutView view = batch.get(key);
                if (view != null && (agencyId == null || agencyId.equals(view.agencyId()))
                        && (status == null || status == view.status()) && result.size() < limit
                        && skipped++ >= offset) {
                    result.add(view);
                }
            }
        }
        return result;
    }

    private static PayoutView payout(Document d) {
        return new PayoutView(d.getString("payoutId"), d.getString("programId"), d.getString("agencyId"),
                money(d, "amount"), PayoutStatus.valueOf(d.getString("status")), d.getString("requestedBy"), d.getString("requestedAt"),
                d.getString("approvedBy"), d.getString("approvedAt"), d.getString("bankReference"),
                d.getString("settledOn"), d.getString("failureReason"), d.getString("failedAt"));
    }

    private static Money money(Document d, String field) {
        return new Money(MongoViews.fen(d, field));
    }

    private static Money optionalMoney(Document d, String field) {
        return d.containsKey(field) ? money(d, field) : null;
    }
}
