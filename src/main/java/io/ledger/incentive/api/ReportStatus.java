package io.ledger.incentive.api;

/** Where a report stands: the same words in events, read models and request parameters. */
public enum ReportStatus { SUBMITTED, VERIFIED, REJECTED, REVERSED }
