package io.ledger.incentive.application;

import java.util.Map;

import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import io.ledger.domain.Refusal;
import io.ledger.incentive.api.AwardBreakdown;
import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.domain.Program;

/**
 * Answers what verifying the waiting reports would award, from the program aggregate itself: the
 * rule that decides a verification decides the preview, so the two cannot drift apart. Nothing is
 * stored: the aggregate is loaded in a unit of work that applies no event.
 */
@Component
public class AwardPreviews {

    /** The waiting reports of one program, each with what verifying it next would award. */
    public record Previews(String programId, Map<String, AwardBreakdown> reports) {
    }

    private final Repository<Program> programs;

    public AwardPreviews(Repository<Program> programs) {
        this.programs = programs;
    }

    public Previews ifVerifiedNext(String programId) {
        ResultMessage<Map<String, AwardBreakdown>> result = DefaultUnitOfWork.startAndGet(null).executeWithResult(
                () -> programs.load(IncentiveCommands.programAggregateId(programId))
                        .invoke(Program::awardsIfVerifiedNext));
        if (!result.isExceptional()) {
            return new Previews(programId, result.getPayload());
        }
        Throwable failure = result.exceptionResult();
        if (failure instanceof AggregateNotFoundException) {
            throw Refusal.notFound("program " + programId);
        }
        throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
}
