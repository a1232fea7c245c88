package io.ledger.web.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;

import io.ledger.domain.Refusal;
import io.ledger.eventstore.CommitOutcomeUnknownException;
import io.ledger.eventstore.EventStoreFailure;
import io.ledger.web.problem.ProblemException;
import io.ledger.web.support.UnsafeText;
import jakarta.validation.ConstraintViolationException;

/**
 * Runs one console action through the API's own controllers and, when the ledger refuses, keeps
 * the refusal's stable code (and the field it names, if any) so the page can say it in the user's
 * language next to what caused it. Access refusals are not caught: they end in the forbidden page.
 */
public final class Attempt {

    private static final Logger log = LoggerFactory.getLogger(Attempt.class);

    /**
     * Refusals whose message names no field in the {@code field: …} form, with the field of the
     * report form that causes them, so the sentence stands beside that field.
     */
    private static final Map<String, String> FIELD_OF_CODE = Map.of("MARKET_NOT_ELIGIBLE", "sourceMarket",
            "DUPLICATE_GROUP", "groupRef", "ARRIVAL_IN_FUTURE", "arrivalDate",
            "ARRIVAL_OUTSIDE_FISCAL_YEAR", "arrivalDate");

    /** A refusal: its problem code, the form (action) it answers, the field it names, what was typed. */
    public record Failure(String code, String action, String field, Map<String, String> typed) {

        /** What the user typed into a field of the refused form, to show it again. */
        public String value(String form, String name) {
            return action.equals(form) ? typed.get(name) : null;
        }

        /** Whether the refusal belongs beside this field of this form. */
        public boolean onField(String form, String name) {
            return action.equals(form) && name.equals(field);
        }

        /** Whether the refusal belongs beside the form's button: no field of the form ({@code a,b,c}) is named. */
        public boolean onAction(String form, String fields) {
            return action.equals(form) && (field == null || !List.of(fields.split(",")).contains(field));
        }
    }

    private Attempt() {
    }

    /**
     * Runs the action unless a typed value holds text the API refuses (the same rule as its JSON
     * bodies: {@link UnsafeText}); on a refusal puts the failure and what the user typed into the model.
     */
    static boolean run(Model model, String action, Map<String, String> typed, Runnable command) {
        Failure failure = unsafeField(typed).map(field -> new Failure("UNSAFE_TEXT", action, field, typed))
                .orElseGet(() -> failureOf(action, command));
        if (failure == null) {
            return true;
        }
        model.addAttribute("failure", new Failure(failure.code(), action, failure.field(), typed));
        return false;
    }

    /** The first typed field, in the order the form sent them, whose text the API would refuse. */
    static Optional<String> unsafeField(Map<String, String> typed) {
        return typed.entrySet().stream().filter(e -> e.getValue() != null && !UnsafeText.isSafe(e.getValue()))
                .map(Map.Entry::getKey).findFirst();
    }

    static Failure failureOf(String action, Runnable command) {
        try {
            command.run();
            return null;
        } catch (CommandExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                return failureOf(action, () -> {
                    throw cause;
                });
            }
            throw e;
        } catch (Refusal refusal) {
            String field = fieldOf(refusal.getMessage());
            return new Failure(refusal.code(), action, field != null ? field : FIELD_OF_CODE.get(refusal.code()),
                    Map.of());
        } catch (ProblemException problem) {
            Object code = problem.problem().getProperties() == null ? null
                    : problem.problem().getProperties().get("code");
            return new Failure(String.valueOf(code), action, fieldOf(problem.problem().getDetail()), Map.of());
        } catch (ConstraintViolationException invalid) {
            String field = invalid.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath().toString())
                    .map(path -> path.substring(path.lastIndexOf('.') + 1)).sorted().findFirst().orElse(null);
            return new Failure("VALIDATION_FAILED", action, field, Map.of());
        } catch (AggregateNotFoundException notFound) {
            return new Failure("NOT_FOUND", action, null, Map.of());
        } catch (ConcurrencyException concurrent) {
            return new Failure("CONCURRENT_MODIFICATION", action, null, Map.of());
        } catch (ArithmeticException overflow) {
            // money is exact in a long of fen: a figure beyond it is refused as the API refuses it
            return new Failure("AMOUNT_OUT_OF_RANGE", action, null, Map.of());
        } catch (CommitOutcomeUnknownException unknown) {
            log.error("The outcome of a console command is unknown", unknown);
            return new Failure("OUTCOME_UNKNOWN", action, null, Map.of());
        } catch (EventStoreFailure | MongoTimeoutException | MongoSocketException | MongoWriteConcernException
                | MongoExecutionTimeoutException storage) {
            log.error("The ledger could not store a console command", storage);
            return new Failure("STORAGE_UNAVAILABLE", action, null, Map.of());
        }
    }

    /** Our validation details start with the field: {@code "amount: must be more than 0"}. */
    private static String fieldOf(String detail) {
        if (detail == null) {
            return null;
        }
        int colon = detail.indexOf(':');
        return colon > 0 && detail.substring(0, colon).matches("[A-Za-z.]+")
                ? detail.substring(detail.lastIndexOf('.', colon) + 1, colon) : null;
    }
}
