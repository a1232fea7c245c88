package io.ledger.web.problem;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Thrown by the web layer to answer with a specific problem document. */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetail problem;

    public ProblemException(HttpStatusCode status, String code, String detail) {
        super(code + ": " + detail);
        this.problem = Problems.of(status, code, detail);
    }

    public ProblemDetail problem() {
        return problem;
    }
}
