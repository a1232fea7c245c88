package io.ledger.web.limits;

import java.util.concurrent.Semaphore;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

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

    /** Point-in-time balances, CSV exports, reconciliations, chain verification and audit folds. */
    public static boolean isExpensive(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/api/audit/chain") || path.startsWith("/api/audit/reconciliations")
                || path.endsWith(".csv") || path.startsWith("/api/audit/programs/")
                || path.startsWith("/api/audit/payment-activity") || path.startsWith("/api/audit/coverage")
                || path.startsWith("/api/audit/events")
                || (path.endsWith("/balance") && request.getParameter("asOf") != null);
    }

    public boolean tryEnter() {
        return permits.tryAcquire();
    }

    public void exit() {
        permits.release();
    }
}
