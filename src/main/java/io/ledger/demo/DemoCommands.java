package io.ledger.demo;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;
import io.ledger.api.EventMetadata;


/** Sends demo commands in the name of a demo user, so that the history names who "did" them. */
@Component
public class DemoCommands {

    private final CommandGateway gateway;

    public DemoCommands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public void send(Object command, String user) {
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(EventMetadata.USER, user).and(EventMetadata.ROLES, "DEMO")));
    }
}
