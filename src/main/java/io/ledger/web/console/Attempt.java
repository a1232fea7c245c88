package io.ledger.web.console;

import java.util.Map;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.ui.Model;

import io.ledger.domain.Refusal;
import io.ledger.web.problem.ProblemException;
import jakarta.validation.ConstraintViolationException;

/**
 * Runs one console action through the API's own controllers and, when the ledger refuses, keeps
 * the refusal's stable code (and the field it names, if any) so the page can say it in the user's
 * language next to what caused it. Access refusals are not caught: they end in the forbidden page.
 */
public final class Attempt {

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
            return action.equals(form) && (field == null || !java.util.List.of(fields.split(",")).contains(field));
        }
    }

    private Attempt() {
    }

    /** Runs the action; on a refusal puts the failure and what the user typed into the model. */
    static boolean run(Model model, String action, Map<String, String> typed, Runnable command) {
        Failure failure = failureOf(action, command);
        if (failure == null) {
            return true;
        }
        model.addAttribute("failure", new Failure(failure.code(), action, failure.field(), typed));
        return false;
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
            return new Failure(refusal.code(), action, fieldOf(refusal.getMessage()), Map.of());
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
