package io.ledger.web.limits;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

import io.ledger.web.problem.ProblemResponses;
import io.ledger.web.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Bounds what one request may cost before any controller sees it: the body size, the media type
 * of the API's writes (the console's forms carry a CSRF token instead), and how many expensive
 * reads run at once, through the API or the console alike. Runs after authentication, so strangers
 * learn nothing but 401. Requests turned away by the bulkhead are counted by channel, because the
 * console's refusals are pages, not problem documents, and so never reach the problem counter.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 1)
public class RequestLimitsFilter extends OncePerRequestFilter {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final String RETRY_AFTER_SECONDS = "2";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");
    private static final String TOO_MANY_EXPENSIVE_READS = "TOO_MANY_EXPENSIVE_READS";

    private final ProblemResponses problems;
    private final ExpensiveReads expensiveReads;
    private final MessageSource messages;
    private final LocaleResolver locales;
    private final ThrottledRequests throttled;

    public RequestLimitsFilter(ProblemResponses problems, ExpensiveReads expensiveReads, MessageSource messages,
            LocaleResolver locales, MeterRegistry registry) {
        this.problems = problems;
        this.expensiveReads = expensiveReads;
        this.messages = messages;
        this.locales = locales;
        this.throttled = new ThrottledRequests(registry, TOO_MANY_EXPENSIVE_READS);
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
            refuse(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
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
            throttled.count(isConsole(request));
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_EXPENSIVE_READS,
                    "Too many history replays, exports and checks are running; try again in a moment.");
            return;
        }
        try {
            chain.doFilter(bounded, response);
        } finally {
            expensiveReads.exit();
        }
    }

    /** A problem document for the API; for the console, a page in the user's language. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
            String detail) throws IOException {
        if (!isConsole(request)) {
            problems.write(request, response, Problems.of(status, code, detail));
            return;
        }
        Locale locale = locales.resolveLocale(request);
        String title = HtmlUtils.htmlEscape(messages.getMessage("problem.title", null, locale));
        String sentence = HtmlUtils.htmlEscape(messages.getMessage("problem." + code, null, detail, locale));
        String back = HtmlUtils.htmlEscape(messages.getMessage("back", null, "Back", locale));
        response.setStatus(status.value());
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="%s"><head><meta charset="utf-8"><title>%s</title>
                <link rel="stylesheet" href="/console/static/console.css"></head>
                <body><main id="main"><h1>%s</h1><p id="problem" data-code="%s">%s</p>
                <p><a href="/console">%s</a></p></main></body></html>
                """.formatted(locale.toLanguageTag(), title, title, code, sentence, back));
    }

    private static boolean isConsole(HttpServletRequest request) {
        return ExpensiveReads.path(request).startsWith("/console/");
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
