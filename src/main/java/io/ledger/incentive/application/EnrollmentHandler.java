package io.ledger.incentive.application;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import io.ledger.incentive.api.IncentiveCommands;
import io.ledger.incentive.api.IncentiveCommands.EnrollAgency;
import io.ledger.incentive.domain.Agency;
import io.ledger.incentive.domain.Program;
import io.ledger.domain.Refusal;

/** Enrolling needs two aggregates: the agency must exist; only the program changes. */
@Component
public class EnrollmentHandler {

    private final Repository<Program> programs;
    private final Repository<Agency> agencies;

    public EnrollmentHandler(Repository<Program> programs, Repository<Agency> agencies) {
        this.programs = programs;
        this.agencies = agencies;
    }

    @CommandHandler
    public void handle(EnrollAgency command) {
        try {
            agencies.load(IncentiveCommands.agencyAggregateId(command.agencyId()));
        } catch (AggregateNotFoundException e) {
            throw Refusal.notFound("agency " + command.agencyId());
        }
        try {
            programs.load(IncentiveCommands.programAggregateId(command.programId()))
                    .execute(program -> program.enroll(command.agencyId()));
        } catch (AggregateNotFoundException e) {
            throw Refusal.notFound("program " + command.programId());
        }
    }
}
