package io.ledger.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoTimeoutException;

import io.ledger.eventstore.CommitOutcomeUnknownException;
import io.ledger.eventstore.PositionSealedException;

class StoreFailureProblemTest {

    private final ProblemExceptionHandler handler = new ProblemExceptionHandler();

    @Test
    void anUnknownOutcomeIsNotReportedAsNothingStored() {
        var answer = handler.handleStoreFailure(new CommitOutcomeUnknownException(7, "program:P1", null));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "OUTCOME_UNKNOWN");
        assertThat(answer.getBody().getDetail()).contains("same request again").doesNotContain("nothing was stored");
    }

    @Test
    void aSealedPositionIsReportedAsNothingStored() {
        var answer = handler.handleStoreFailure(new PositionSealedException(7, "program:P1"));

        assertThat(answer.getBody().getProperties()).containsEntry("code", "STORAGE_UNAVAILABLE");
        assertThat(answer.getBody().getDetail()).contains("nothing was stored");
    }

    @Test
    void aCommandThatFoundTheStoreUnreachableIsReportedAsStorageUnavailable() {
        var answer = handler.handleCommandExecution(new CommandExecutionException("the handler failed",
                new MongoTimeoutException("no server")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "STORAGE_UNAVAILABLE");
    }
}
