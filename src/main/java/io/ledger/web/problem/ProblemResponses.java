package io.ledger.web.problem;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Writes a problem document outside Spring MVC (security filters, the servlet error page). */
@Component
public class ProblemResponses {

    private final ObjectMapper objectMapper;
    private final ProblemMetrics metrics;

    public ProblemResponses(ObjectMapper objectMapper, ProblemMetrics metrics) {
        this.objectMapper = objectMapper;
        this.metrics = metrics;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        metrics.count(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
