package io.ledger.metrics;

/** Figures that need storage: taken on the sampling thread, read by the scrape without waiting. */
interface BackgroundFigures {

    /** Takes the figures again; may block on storage, and may throw when storage is unavailable. */
    void refresh();
}
