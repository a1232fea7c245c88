package io.ledger.web.limits;

import java.io.IOException;
import java.util.Set;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.ledger.web.problem.ProblemResponses;
import io.ledger.web.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Bounds what one request may cost before any controller sees it: the body size, the media type
 * of the API's writes (the console's forms carry a CSRF token instead), and how many expensive
 * reads run at once, through the API or the console alike. Runs after authentication, so strangers
 * learn nothing but 401.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 1)
public class RequestLimitsFilter extends OncePerRequestFilter {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final String RETRY_AFTER_SECONDS = "2";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");

    private final ProblemResponses problems;
    private final ExpensiveReads expensiveReads;

    public RequestLimitsFilter(ProblemResponses problems, ExpensiveReads expensiveReads) {
        this.problems = problems;
        this.expensiveReads = expensiveReads;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = ExpensiveReads.path(request);
        return !path.startsWith("/api/") && !path.startsWith("/console/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            problems.write(request, response, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes."));
            return;
        }
        if (WRITES.contains(request.getMethod()) && ExpensiveReads.path(request).startsWith("/api/")
                && !isJson(request.getContentType())) {
            // an HTML form can send only urlencoded, multipart or text/plain bodies: no write without JSON
            problems.write(request, response, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "Changes are accepted only as application/json, with or without a body."));
            return;
        }
        HttpServletRequest bounded = new BoundedBodyRequest(request, MAX_BODY_BYTES);
        if (!ExpensiveReads.isExpensive(request)) {
            chain.doFilter(bounded, response);
            return;
        }
        if (!expensiveReads.tryEnter()) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_EXPENSIVE_READS",
                    "Too many history replays, exports and checks are running; try again in a moment."));
            return;
        }
        try {
            chain.doFilter(bounded, response);
        } finally {
            expensiveReads.exit();
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.isWildcardSubtype();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
