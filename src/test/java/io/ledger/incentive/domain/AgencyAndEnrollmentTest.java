package io.ledger.incentive.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import io.ledger.api.Money;
import io.ledger.domain.Refusal;
import io.ledger.incentive.api.IncentiveCommands.EnrollAgency;
import io.ledger.incentive.api.IncentiveCommands.RegisterAgency;
import io.ledger.incentive.api.IncentiveEvents.AgencyEnrolled;
import io.ledger.incentive.api.IncentiveEvents.AgencyRegistered;
import io.ledger.incentive.api.IncentiveEvents.ProgramClosed;
import io.ledger.incentive.application.EnrollmentHandler;

class AgencyAndEnrollmentTest {

    @Test
    void registersAnAgencyOnceForItsId() {
        FixtureConfiguration<Agency> fixture = new AggregateTestFixture<>(Agency.class);
        fixture.givenNoPriorActivity()
                .when(new RegisterAgency("A001", "Sunrise", "L-1"))
                .expectEvents(new AgencyRegistered("A001", "Sunrise", "L-1"));
        fixture.given(new AgencyRegistered("A001", "Sunrise", "L-1"))
                .when(new RegisterAgency("A001", "Sunrise", "L-1"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(new AgencyRegistered("A001", "Sunrise", "L-1"))
                .when(new RegisterAgency("A001", "Sunset", "L-1"))
                .expectException(Refusal.class).expectNoEvents();
    }

    @SuppressWarnings("unchecked")
    private static FixtureConfiguration<Program> programWithAgencies(String... known) {
        FixtureConfiguration<Program> fixture = new AggregateTestFixture<>(Program.class);
        Repository<Agency> agencies = Mockito.mock(Repository.class);
        Mockito.when(agencies.load(Mockito.anyString())).thenAnswer(call -> {
            String id = call.getArgument(0);
            for (String agency : known) {
                if (id.equals("agency:" + agency)) {
                    return null;
                }
            }
            throw new AggregateNotFoundException(id, "no such agency");
        });
        fixture.registerAnnotatedCommandHandler(new EnrollmentHandler(fixture.getRepository(), agencies));
        return fixture;
    }

    @Test
    void enrollsARegisteredAgencyOnce() {
        programWithAgencies("A001").given(ProgramTest.opened(1, 1))
                .when(new EnrollAgency(ProgramTest.P, "A001"))
                .expectEvents(new AgencyEnrolled(ProgramTest.P, "A001", Money.ofYuan(1)));
        programWithAgencies("A001").given(ProgramTest.opened(1, 1), new AgencyEnrolled(ProgramTest.P, "A001", Money.ofYuan(1)))
                .when(new EnrollAgency(ProgramTest.P, "A001"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void refusesUnknownAgenciesUnknownProgramsAndClosedPrograms() {
        programWithAgencies().given(ProgramTest.opened(1, 1))
                .when(new EnrollAgency(ProgramTest.P, "A001"))
                .expectException(Refusal.class).expectExceptionMessage("agency A001 does not exist");
        programWithAgencies("A001").givenNoPriorActivity()
                .when(new EnrollAgency(ProgramTest.P, "A001"))
                .expectException(Refusal.class).expectExceptionMessage("program HY2025 does not exist");
        programWithAgencies("A001").given(ProgramTest.opened(1, 1), new ProgramClosed(ProgramTest.P))
                .when(new EnrollAgency(ProgramTest.P, "A001"))
                .expectException(Refusal.class).expectExceptionMessage("program HY2025 is closed");
    }

    @Test
    void refusalsAreNotRetried() {
        assertThatThrownBy(() -> {
            throw Refusal.notFound("x");
        }).isInstanceOf(org.axonframework.common.AxonNonTransientException.class);
    }
}
