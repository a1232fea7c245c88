package io.ledger.projections.incentive;

import static io.ledger.projections.support.MongoViews.add;
import static io.ledger.projections.support.MongoViews.fen;
import static io.ledger.projections.support.MongoViews.update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.UpdateOptions;


import io.ledger.api.EventMetadata;
import io.ledger.api.Money;
import io.ledger.incentive.api.AwardBalance;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AgencyRegistered;
import io.ledger.incentive.api.IncentiveEvents.AwardAccrued;
import io.ledger.incentive.api.IncentiveEvents.AwardCapped;
import io.ledger.incentive.api.IncentiveEvents.AwardUnfunded;
import io.ledger.incentive.api.IncentiveEvents.BudgetIncreased;
import io.ledger.incentive.api.IncentiveEvents.MoneyMovement;
import io.ledger.incentive.api.IncentiveEvents.PayoutApproved;
import io.ledger.incentive.api.IncentiveEvents.PayoutFailed;
import io.ledger.incentive.api.IncentiveEvents.PayoutRequested;
import io.ledger.incentive.api.IncentiveEvents.PayoutSettled;
import io.ledger.incentive.api.IncentiveEvents.ProgramClosed;
import io.ledger.incentive.api.IncentiveEvents.ProgramOpened;
import io.ledger.incentive.api.IncentiveEvents.ReportRejected;
import io.ledger.incentive.api.IncentiveEvents.ReportReversed;
import io.ledger.incentive.api.IncentiveEvents.ReportVerified;
import io.ledger.incentive.api.IncentiveEvents.TouristCountReported;
import io.ledger.incentive.api.IncentiveEvents.UnfundedAwardFunded;
import io.ledger.projections.support.MongoViews;
import io.ledger.projections.support.ProjectionProgress;

/**
 * Keeps the incentive ledger's read models: agencies, programs with totals, reports with their
 * award, balances and payouts. Every update is guarded by the event's stream sequence, so a
 * redelivered event changes nothing.
 */
@Component
@ProcessingGroup(IncentiveCollections.PROCESSING_GROUP)
public class IncentiveProjection {

    static final List<String> MONEY = List.of("computed", "accrued", "capped", "unfunded", "reserved", "paid");

    private final IncentiveCollections views;
    private final ProjectionProgress progress;

    public IncentiveProjection(IncentiveCollections views, ProjectionProgress progress) {
        this.views = views;
        this.progress = progress;
    }

    @ResetHandler
    void reset() {
        views.dropAll();
    }

    private void done(TrackingToken token) {
        progress.handled(IncentiveCollections.PROCESSING_GROUP, token);
    }

    @EventHandler
    void on(AgencyRegistered e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.agencies(), e.agencyId(), sequence, d -> d.append("agencyId", e.agencyId())
                .append("name", e.name()).append("licenseNo", e.licenseNo()));
        done(token);
    }

    @EventHandler
    void on(ProgramOpened e, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        update(views.programs(), e.programId(), sequence, d -> {
            d.append("programId", e.programId()).append("name", e.name()).append("fiscalYear", e.fiscalYear())
                    .append("currency", e.currency()).append("budget", e.budget().fen())
                    .append("agencyAnnualCap", e.agencyAnnualCap().fen()).append("status", "OPEN")
                    .append("openedAt", at.toString()).append("agencies", new ArrayList<String>());
            d.append("rules", RulesDocuments.toDocument(e.rules()));
            MONEY.forEach(field -> d.append(field, 0L));
        });
        done(token);
    }

    @EventHandler
    void on(BudgetIncreased e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.programs(), e.programId(), sequence, d -> d.put("budget", e.budget().fen()));
        done(token);
    }

    @EventHandler
    void on(AgencyEnrolled e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.programs(), e.programId(), sequence, d -> {
            List<String> agencies = new ArrayList<>(d.getList("agencies", String.class));
            agencies.add(e.agencyId());
            d.put("agencies", agencies);
        });
        long cap = e.cap() != null ? e.cap().fen() : programCap(e.programId());
        update(views.balances(), IncentiveCollections.balanceId(e.programId(), e.agencyId()), sequence, d -> {
            d.append("programId", e.programId()).append("agencyId", e.agencyId()).append("cap", cap);
            MONEY.forEach(field -> d.append(field, 0L));
        });
        done(token);
    }

    @EventHandler
    void on(ProgramClosed e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.programs(), e.programId(), sequence, d -> d.put("status", "CLOSED"));
        done(token);
    }

    @EventHandler
    void on(TouristCountReported e, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(EventMetadata.USER) String sender, TrackingToken token) {
        // the event names its submitter; events recorded before it did name only the command's sender
        String submittedBy = e.submittedBy() != null ? e.submittedBy() : sender;
        update(views.reports(), IncentiveCollections.reportId(e.programId(), e.reportId()), sequence, d -> {
            d.append("programId", e.programId()).append("reportId", e.reportId()).append("agencyId", e.agencyId())
                    .append("groupRef", e.groupRef()).append("sourceMarket", e.sourceMarket())
                    .append("tourists", e.tourists()).append("nights", e.nights())
                    .append("arrivalDate", e.arrivalDate().toString()).append("status", "SUBMITTED")
                    .append("submittedAt", at.toString());
            if (submittedBy != null) { // whoever sent the command: an officer never verifies what they entered
                d.append("submittedBy", submittedBy);
            }
        });
        done(token);
    }

    @EventHandler
    void on(ReportVerified e, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        update(views.reports(), IncentiveCollections.reportId(e.programId(), e.reportId()), sequence, d -> {
            d.put("status", "VERIFIED");
            d.put("verifiedBy", e.verifiedBy());
            d.put("verifiedAt", at.toString());
            d.put("headcount", e.headcount().fen());
            d.put("largeGroup", e.largeGroup().fen());
            d.put("pioneering", e.pioneering().fen());
            d.put("computed", e.computed().fen());
            d.put("accrued", 0L);
            d.put("capped", 0L);
            d.put("unfunded", 0L);
        });
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(AwardAccrued e, @SequenceNumber long sequence, TrackingToken token) {
        reportMoney(e.programId(), e.reportId(), sequence, "accrued", e.amount());
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(AwardCapped e, @SequenceNumber long sequence, TrackingToken token) {
        reportMoney(e.programId(), e.reportId(), sequence, "capped", e.amount());
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(AwardUnfunded e, @SequenceNumber long sequence, TrackingToken token) {
        reportMoney(e.programId(), e.reportId(), sequence, "unfunded", e.amount());
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(UnfundedAwardFunded e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.reports(), IncentiveCollections.reportId(e.programId(), e.reportId()), sequence, d -> {
            add(d, "unfunded", -e.amount().fen());
            add(d, "accrued", e.amount().fen());
        });
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(ReportRejected e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.reports(), IncentiveCollections.reportId(e.programId(), e.reportId()), sequence, d -> {
            d.put("status", "REJECTED");
            d.put("rejectedBy", e.rejectedBy());
            d.put("reason", e.reason());
        });
        done(token);
    }

    @EventHandler
    void on(ReportReversed e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.reports(), IncentiveCollections.reportId(e.programId(), e.reportId()), sequence, d -> {
            d.put("status", "REVERSED");
            d.put("reversedBy", e.reversedBy());
            d.put("reason", e.reason());
            d.put("accruedTakenBack", e.accruedTakenBack().fen());
            d.put("unfundedReleased", e.unfundedReleased().fen());
            d.put("accrued", 0L);
            d.put("unfunded", 0L);
        });
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(PayoutRequested e, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        update(views.payouts(), payoutKey(e.programId(), e.payoutId()), sequence, d -> d.append("payoutId", e.payoutId())
                .append("programId", e.programId()).append("agencyId", e.agencyId())
                .append("amount", e.amount().fen()).append("status", "REQUESTED")
                .append("requestedBy", e.requestedBy()).append("requestedAt", at.toString()));
        update(views.programPayouts(), e.programId(), sequence, d -> {
            List<String> ids = d.containsKey("payoutIds") ? new ArrayList<>(d.getList("payoutIds", String.class))
                    : new ArrayList<>();
            ids.add(e.payoutId());
            d.put("payoutIds", ids);
        });
        // a set, not a sequence-guarded document: streams of several programs add to it
        views.payoutPrograms().updateOne(new Document("_id", e.payoutId()),
                new Document("$addToSet", new Document("programIds", e.programId())),
                new UpdateOptions().upsert(true));
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(PayoutApproved e, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        update(views.payouts(), payoutKey(e.programId(), e.payoutId()), sequence, d -> d.append("status", "APPROVED")
                .append("approvedBy", e.approvedBy()).append("approvedAt", at.toString()));
        done(token);
    }

    @EventHandler
    void on(PayoutSettled e, @SequenceNumber long sequence, TrackingToken token) {
        update(views.payouts(), payoutKey(e.programId(), e.payoutId()), sequence, d -> d.append("status", "SETTLED")
                .append("bankReference", e.bankReference()).append("settledOn", e.settledOn().toString())
                .append("settledBy", e.settledBy()));
        fold(e, sequence);
        done(token);
    }

    @EventHandler
    void on(PayoutFailed e, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        update(views.payouts(), payoutKey(e.programId(), e.payoutId()), sequence, d -> d.append("status", "FAILED")
                .append("failureReason", e.reason()).append("failedBy", e.failedBy()).append("failedAt", at.toString()));
        fold(e, sequence);
        done(token);
    }

    /** Enrolments recorded before the event carried the cap: the program's, as it was then decided. */
    private long programCap(String programId) {
        Document program = views.programs().find(new Document("_id", programId)).first();
        return program == null ? 0 : program.getLong("agencyAnnualCap");
    }

    private static String payoutKey(String programId, String payoutId) {
        return IncentiveCollections.payoutKey(programId, payoutId);
    }

    private void reportMoney(String programId, String reportId, long sequence, String field, Money amount) {
        update(views.reports(), IncentiveCollections.reportId(programId, reportId), sequence,
                d -> d.put(field, amount.fen()));
    }

    /** The agency's balance and the program's totals after the event, by the ledger's one rule for money. */
    private void fold(MoneyMovement e, long sequence) {
        MongoViews.Change after = d -> writeBalance(d, readBalance(d).after(e));
        update(views.balances(), IncentiveCollections.balanceId(e.programId(), e.agencyId()), sequence, after);
        update(views.programs(), e.programId(), sequence, after);
    }

    static AwardBalance readBalance(Document d) {
        return new AwardBalance(new Money(fen(d, "computed")), new Money(fen(d, "accrued")),
                new Money(fen(d, "capped")), new Money(fen(d, "unfunded")), new Money(fen(d, "reserved")),
                new Money(fen(d, "paid")));
    }

    private static void writeBalance(Document d, AwardBalance b) {
        d.put("computed", b.computed().fen());
        d.put("accrued", b.accrued().fen());
        d.put("capped", b.capped().fen());
        d.put("unfunded", b.unfunded().fen());
        d.put("reserved", b.reserved().fen());
        d.put("paid", b.paid().fen());
    }
}
