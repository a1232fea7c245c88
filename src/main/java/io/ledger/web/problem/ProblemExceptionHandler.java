package io.ledger.web.problem;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;

import io.ledger.application.ReadModelLagging;
import io.ledger.domain.Refusal;
import io.ledger.domain.RefusalCode;
import io.ledger.eventstore.CommitOutcomeUnknownException;
import io.ledger.eventstore.EventStoreFailure;
import io.ledger.web.limits.BoundedBodyRequest;
import io.ledger.web.limits.RequestLimitsFilter;
import io.ledger.web.support.UnsafeText;

/**
 * Turns every failure inside Spring MVC into a problem document with a stable code. Details of
 * unexpected failures are logged, never sent: the caller learns only that it was ours.
 */
@RestControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handleProblem(ProblemException e) {
        return ResponseEntity.status(e.problem().getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.problem());
    }

    @ExceptionHandler(ReadModelLagging.class)
    ResponseEntity<ProblemDetail> handleLagging(ReadModelLagging lagging) {
        return problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "READ_MODEL_LAGGING", lagging.getMessage()));
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> handleRefusal(Refusal refusal) {
        return problem(Problems.of(statusOf(refusal.refusalCode()), refusal.code(), refusal.getMessage()));
    }

    /** No default: a new refusal code does not compile until it has a status. */
    static HttpStatus statusOf(RefusalCode code) {
        return switch (code) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case DUPLICATE_ID -> HttpStatus.CONFLICT;
            case VALIDATION_FAILED -> HttpStatus.BAD_REQUEST;
            case AGENCY_NOT_ENROLLED, PROGRAM_CLOSED, ARRIVAL_OUTSIDE_FISCAL_YEAR, ARRIVAL_IN_FUTURE, MARKET_NOT_ELIGIBLE,
                    DUPLICATE_GROUP, INVALID_REPORT_STATE, SAME_USER_NOT_ALLOWED, INVALID_PAYOUT_STATE,
                    FOUR_EYES_REQUIRED, PAYOUT_EXCEEDS_BALANCE, DATE_IN_FUTURE, INVALID_PERIOD,
                    FACILITY_ALREADY_REMOVED, NO_FACILITY_FOR_CHANNEL -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> handleUnknownAggregate(AggregateNotFoundException e) {
        return problem(Problems.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such " + describe(String.valueOf(e.getAggregateIdentifier()))
                + "."));
    }

    private static String describe(String aggregateId) {
        int colon = aggregateId == null ? -1 : aggregateId.indexOf(':');
        return colon < 0 ? "resource" : aggregateId.substring(0, colon) + " " + aggregateId.substring(colon + 1);
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> handleConcurrency(ConcurrencyException e) {
        return problem(Problems.of(HttpStatus.CONFLICT, "CONCURRENT_MODIFICATION",
                "Someone else changed the same record at the same moment; nothing was stored. Send the request "
                        + "again."));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> handleCommandExecution(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Refusal refusal) {
            return handleRefusal(refusal);
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return handleUnknownAggregate(notFound);
        }
        if (cause instanceof ConcurrencyException concurrency) {
            return handleConcurrency(concurrency);
        }
        if (cause instanceof EventStoreFailure failure) {
            return handleStoreFailure(failure);
        }
        if (cause instanceof ArithmeticException overflow) {
            return handleOverflow(overflow);
        }
        if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
            return handleStorageDown((RuntimeException) cause);
        }
        return handleUnexpected(e);
    }

    /** Money is exact in a long of fen: a figure beyond it is refused, never wrapped and never a 500. */
    @ExceptionHandler(ArithmeticException.class)
    ResponseEntity<ProblemDetail> handleOverflow(ArithmeticException e) {
        return problem(Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "AMOUNT_OUT_OF_RANGE",
                "An amount or total would exceed what the ledger can hold exactly; nothing was stored."));
    }

    @ExceptionHandler(EventStoreFailure.class)
    ResponseEntity<ProblemDetail> handleStoreFailure(EventStoreFailure e) {
        if (e instanceof CommitOutcomeUnknownException) {
            log.error("The outcome of a commit is unknown", e);
            return problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "OUTCOME_UNKNOWN",
                    "The ledger could not confirm whether the command was recorded. Send the same request again: "
                            + "it is idempotent, so if the first one was recorded the repeat changes nothing."));
        }
        log.error("The event store refused a commit", e);
        return problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "STORAGE_UNAVAILABLE",
                "The ledger could not record the command; nothing was stored. Try again."));
    }

    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(jakarta.validation.ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return problem(Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail));
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException e) {
        return problem(Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "You are not allowed to do this."));
    }

    @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class, MongoWriteConcernException.class,
            MongoExecutionTimeoutException.class})
    ResponseEntity<ProblemDetail> handleStorageDown(RuntimeException e) {
        log.error("Storage unavailable", e);
        return problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "STORAGE_UNAVAILABLE",
                "The ledger's storage cannot be reached; nothing was changed. Try again later."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "An unexpected error occurred; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (causedBy(ex, BoundedBodyRequest.BodyTooLarge.class)) {
            problem = Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "The request body is larger than " + RequestLimitsFilter.MAX_BODY_BYTES + " bytes.");
            return handleExceptionInternal(ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        if (ex.getCause() instanceof UnsafeText.Refused unsafe) {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "UNSAFE_TEXT", fieldPath(unsafe) + ": must not contain "
                    + "control, invisible formatting or bidirectional-override characters");
        } else if (ex.getCause() instanceof MismatchedInputException mismatch) {
            // well-formed JSON with a field of the wrong type, missing or unknown
            String field = fieldPath(mismatch);
            String reason = mismatch instanceof UnrecognizedPropertyException ? "is not a known field"
                    : "is missing or has the wrong type";
            problem = Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                    (field.isEmpty() ? "the body" : field) + ": " + reason);
        } else {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                    "The request body is missing or is not valid JSON.");
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String fieldPath(MismatchedInputException mismatch) {
        return mismatch.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                detail.isEmpty() ? "The request is invalid." : detail);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request is invalid.");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Spring's own problems (404, 405, 415, …) get our code and type too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && !hasCode(problem)) {
            Problems.withCode(problem, Problems.defaultCode(statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static boolean hasCode(ProblemDetail problem) {
        return problem.getProperties() != null && problem.getProperties().containsKey("code");
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
