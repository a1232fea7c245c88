package io.ledger.eventstore.axon;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Revision-less {@code Withdrawn} documents named the amount {@code amount}. */
class WithdrawnUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType OLD = new SimpleSerializedType(Account.Withdrawn.class.getName(), null);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(OLD);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(OLD.getName(), "2"), JsonNode.class, node -> {
            ObjectNode object = (ObjectNode) node.deepCopy();
            object.set("amountFen", object.remove("amount"));
            return object;
        });
    }
}
