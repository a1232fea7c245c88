package io.ledger.web.limits;

import java.util.concurrent.Semaphore;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UrlPathHelper;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A bulkhead for reads that replay or scan history: past a bounded number in flight, further ones
 * are turned away at once instead of queueing until the server runs out of threads and memory.
 */
@Component
public class ExpensiveReads {

    private final Semaphore permits;

    public ExpensiveReads(@Value("${ledger.http.expensive-reads-in-flight:4}") int inFlight) {
        this.permits = new Semaphore(inFlight);
    }

    /** Point-in-time balances, CSV exports, reconciliations, chain verification, histories and audit folds. */
    public static boolean isExpensive(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/api/audit/chain") || path.startsWith("/api/audit/reconciliations")
                || path.endsWith(".csv") || path.startsWith("/api/audit/programs/")
                || path.startsWith("/api/audit/payment-activity") || path.startsWith("/api/audit/coverage")
                || path.startsWith("/api/audit/events")
                || (path.endsWith("/balance") && request.getParameter("asOf") != null)
                || path.startsWith("/console/audit/") // chain, reconciliations, balances at an instant, totals
                || (path.equals("/console/audit") && StringUtils.hasText(request.getParameter("id"))) // a history
                || (path.equals("/console/agency") && request.getParameter("asOf") != null);
    }

    /**
     * The path as the server routes it: percent-decoded, without path parameters. Deciding on the
     * raw request URI would let {@code /%61pi/...} reach the API's controllers past every limit.
     */
    static String path(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    public boolean tryEnter() {
        return permits.tryAcquire();
    }

    public void exit() {
        permits.release();
    }
}
