package io.ledger.incentive.api;

/** Where a payout stands: the same words in events, read models and request parameters. */
public enum PayoutStatus { REQUESTED, APPROVED, SETTLED, FAILED }
