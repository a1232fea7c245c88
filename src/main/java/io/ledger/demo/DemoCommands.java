package io.ledger.demo;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import io.ledger.config.CommandConfiguration;

/** Sends demo commands in the name of a demo user, so that the history names who "did" them. */
@Component
public class DemoCommands {

    private final CommandGateway gateway;

    public DemoCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public void send(Object command, String user) {
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(CommandConfiguration.USER, user).and(CommandConfiguration.ROLES, "DEMO")));
    }
}
