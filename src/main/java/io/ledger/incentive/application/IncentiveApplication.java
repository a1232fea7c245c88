package io.ledger.incentive.application;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;

import io.ledger.application.CommandSender;
import io.ledger.domain.Refusal;
import io.ledger.incentive.api.IncentiveCommands.ApprovePayout;
import io.ledger.incentive.api.IncentiveCommands.CloseProgram;
import io.ledger.incentive.api.IncentiveCommands.EnrollAgency;
import io.ledger.incentive.api.IncentiveCommands.FailPayout;
import io.ledger.incentive.api.IncentiveCommands.IncreaseBudget;
import io.ledger.incentive.api.IncentiveCommands.OpenProgram;
import io.ledger.incentive.api.IncentiveCommands.RegisterAgency;
import io.ledger.incentive.api.IncentiveCommands.RejectReport;
import io.ledger.incentive.api.IncentiveCommands.ReportTouristCount;
import io.ledger.incentive.api.IncentiveCommands.RequestPayout;
import io.ledger.incentive.api.IncentiveCommands.ReverseReport;
import io.ledger.incentive.api.IncentiveCommands.SettlePayout;
import io.ledger.incentive.api.IncentiveCommands.VerifyReport;
import io.ledger.incentive.api.IncentiveViews.AgencyView;
import io.ledger.incentive.api.IncentiveViews.BalanceView;
import io.ledger.incentive.api.IncentiveViews.PayoutView;
import io.ledger.incentive.api.IncentiveViews.ProgramView;
import io.ledger.incentive.api.IncentiveViews.ReportView;
import io.ledger.incentive.api.PayoutStatus;
import io.ledger.incentive.api.ReportStatus;
import io.ledger.projections.incentive.IncentiveCollections;
import io.ledger.projections.incentive.IncentiveQueries;

/**
 * The incentive ledger as its callers (HTTP, the console) use it: each command is sent, its effect
 * waited for in the incentive read model (read-your-writes), and answered as the view it changed;
 * the questions are answered from that read model, its query side being this service's read port.
 */
@Service
public class IncentiveApplication {

    private final CommandSender commands;
    private final IncentiveQueries queries;
    private final AwardPreviews previews;

    public IncentiveApplication(CommandSender commands, IncentiveQueries queries, AwardPreviews previews) {
        this.commands = commands;
        this.queries = queries;
        this.previews = previews;
    }

    // ------------------------------------------------------------------ commands

    public AgencyView register(RegisterAgency command) {
        return sendThen(command, () -> queries.agency(command.agencyId()), "agency " + command.agencyId());
    }

    public ProgramView open(OpenProgram command) {
        return sendThen(command, () -> queries.program(command.programId()), "program " + command.programId());
    }

    public ProgramView increaseBudget(IncreaseBudget command) {
        return sendThen(command, () -> queries.program(command.programId()), "program " + command.programId());
    }

    public ProgramView enroll(EnrollAgency command) {
        return sendThen(command, () -> queries.program(command.programId()), "program " + command.programId());
    }

    public ProgramView close(CloseProgram command) {
        return sendThen(command, () -> queries.program(command.programId()), "program " + command.programId());
    }

    public ReportView report(ReportTouristCount command) {
        return reportAfter(command, command.programId(), command.reportId());
    }

    public ReportView verify(VerifyReport command) {
        return reportAfter(command, command.programId(), command.reportId());
    }

    public ReportView reject(RejectReport command) {
        return reportAfter(command, command.programId(), command.reportId());
    }

    public ReportView reverse(ReverseReport command) {
        return reportAfter(command, command.programId(), command.reportId());
    }

    public PayoutView request(RequestPayout command) {
        return payoutAfter(command, command.programId(), command.payoutId());
    }

    public PayoutView approve(ApprovePayout command) {
        return payoutAfter(command, command.programId(), command.payoutId());
    }

    public PayoutView settle(SettlePayout command) {
        return payoutAfter(command, command.programId(), command.payoutId());
    }

    public PayoutView fail(FailPayout command) {
        return payoutAfter(command, command.programId(), command.payoutId());
    }

    /** What verifying each waiting report would award if it were the next one verified; nothing is stored. */
    public AwardPreviews.Previews awardPreviews(String programId) {
        return previews.ifVerifiedNext(programId);
    }

    // ------------------------------------------------------------------ questions

    public Optional<AgencyView> agency(String agencyId) {
        return queries.agency(agencyId);
    }

    public Optional<ProgramView> program(String programId) {
        return queries.program(programId);
    }

    public List<ProgramView> programs() {
        return queries.programs();
    }

    public Optional<ReportView> report(String programId, String reportId) {
        return queries.report(programId, reportId);
    }

    /** A program's reports, oldest first; each filter is left out when null. */
    public List<ReportView> reports(String programId, String agencyId, ReportStatus status, String notSubmittedBy) {
        return queries.reports(programId, agencyId, status, notSubmittedBy);
    }

    public Optional<BalanceView> balance(String programId, String agencyId) {
        return queries.balance(programId, agencyId);
    }

    public Optional<PayoutView> payout(String programId, String payoutId) {
        return queries.payout(programId, payoutId);
    }

    /** One page of a program's payouts in request order; each filter is left out when null. */
    public List<PayoutView> payouts(String programId, String agencyId, PayoutStatus status, int offset, int limit) {
        return queries.payouts(programId, agencyId, status, offset, limit);
    }

    /** The programs that have a payout of this id, sorted. */
    public List<String> programsWithPayout(String payoutId) {
        return queries.programsWithPayout(payoutId);
    }

    // ------------------------------------------------------------------ helpers

    private ReportView reportAfter(Object command, String programId, String reportId) {
        return sendThen(command, () -> queries.report(programId, reportId),
                "report " + reportId + " in program " + programId);
    }

    private PayoutView payoutAfter(Object command, String programId, String payoutId) {
        return sendThen(command, () -> queries.payout(programId, payoutId), "payout " + payoutId);
    }

    /** The view the command changed, read once the read model shows the command's effect. */
    private <V> V sendThen(Object command, Supplier<Optional<V>> view, String what) {
        commands.send(command, IncentiveCollections.PROCESSING_GROUP);
        return view.get().orElseThrow(() -> Refusal.notFound(what));
    }
}
