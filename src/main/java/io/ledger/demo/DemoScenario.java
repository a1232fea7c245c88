package io.ledger.demo;

/**
 * A piece of demonstration data. Loading must be idempotent: every command it sends carries a
 * fixed client-chosen id, so loading twice (or after a restart) changes nothing.
 */
public interface DemoScenario {

    String name();

    void load();
}
