package io.ledger.eventstore.axon;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

/** A minimal event-sourced aggregate to exercise the store through Axon. */
public class Account {

    public record Open(@TargetAggregateIdentifier String accountId) {
    }

    public record Deposit(@TargetAggregateIdentifier String accountId, long amountFen) {
    }

    public record Withdraw(@TargetAggregateIdentifier String accountId, long amountFen) {
    }

    public record ReadBalance(@TargetAggregateIdentifier String accountId) {
    }

    public record Opened(String accountId) {
    }

    public record Deposited(String accountId, long amountFen) {
    }

    /** Revision 2 renamed {@code amount} to {@code amountFen}; an upcaster reads revision-less documents. */
    @Revision("2")
    public record Withdrawn(String accountId, long amountFen) {
    }

    @AggregateIdentifier
    private String accountId;
    private long balanceFen;

    protected Account() {
    }

    @CommandHandler
    public Account(Open command) {
        apply(new Opened(command.accountId()));
    }

    @CommandHandler
    public void handle(Deposit command) {
        apply(new Deposited(accountId, command.amountFen()));
    }

    @CommandHandler
    public void handle(Withdraw command) {
        apply(new Withdrawn(accountId, command.amountFen()));
    }

    @CommandHandler
    public long handle(ReadBalance command) {
        return balanceFen;
    }

    @EventSourcingHandler
    void on(Opened event) {
        accountId = event.accountId();
    }

    @EventSourcingHandler
    void on(Deposited event) {
        balanceFen += event.amountFen();
    }

    @EventSourcingHandler
    void on(Withdrawn event) {
        balanceFen -= event.amountFen();
    }

    // Jackson reads snapshots through these.
    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public long getBalanceFen() {
        return balanceFen;
    }

    public void setBalanceFen(long balanceFen) {
        this.balanceFen = balanceFen;
    }
}
