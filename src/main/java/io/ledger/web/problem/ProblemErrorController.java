package io.ledger.web.problem;

import java.io.IOException;
import java.net.URI;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Errors that never reached a controller (filters, the container) are problem documents too. */
@Controller
public class ProblemErrorController implements ErrorController {

    private final ProblemResponses responses;

    public ProblemErrorController(ProblemResponses responses) {
        this.responses = responses;
    }

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
        if (status < 400) {
            status = HttpStatus.INTERNAL_SERVER_ERROR.value();
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        String detail = status >= 500 ? "An unexpected error occurred; it has been logged."
                : resolved != null ? resolved.getReasonPhrase() : "The request was refused.";
        var problem = Problems.of(HttpStatus.valueOf(status), Problems.defaultCode(status), detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null) {
            problem.setInstance(URI.create(uri.toString()));
        }
        responses.write(request, response, problem);
    }
}
