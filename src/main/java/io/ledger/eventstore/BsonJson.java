package io.ledger.eventstore;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Exact conversion between Jackson trees and BSON, so that payloads are stored as documents an
 * auditor can query, and come back bit for bit. Integers stay integers, decimals stay decimals.
 */
final class BsonJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private BsonJson() {
    }

    static BsonValue toBson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return BsonNull.VALUE;
        }
        if (node.isObject()) {
            BsonDocument document = new BsonDocument();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                document.append(field.getKey(), toBson(field.getValue()));
            }
            return document;
        }
        if (node.isArray()) {
            BsonArray array = new BsonArray();
            node.forEach(element -> array.add(toBson(element)));
            return array;
        }
        if (node.isTextual()) {
            return new BsonString(node.textValue());
        }
        if (node.isBoolean()) {
            return BsonBoolean.valueOf(node.booleanValue());
        }
        if (node.isInt() || node.isShort()) {
            return new BsonInt32(node.intValue());
        }
        if (node.isLong()) {
            return new BsonInt64(node.longValue());
        }
        if (node.isBigInteger() || node.isBigDecimal()) {
            return new BsonDecimal128(new Decimal128(node.decimalValue()));
        }
        if (node.isFloatingPointNumber()) {
            return new BsonDouble(node.doubleValue());
        }
        if (node.isBinary()) {
            return new BsonString(node.asText());
        }
        throw new IllegalArgumentException("cannot store JSON node of type " + node.getNodeType());
    }

    static JsonNode toJson(BsonValue value) {
        switch (value.getBsonType()) {
            case DOCUMENT -> {
                ObjectNode object = NODES.objectNode();
                value.asDocument().forEach((key, field) -> object.set(key, toJson(field)));
                return object;
            }
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                value.asArray().forEach(element -> array.add(toJson(element)));
                return array;
            }
            case STRING -> {
                return NODES.textNode(value.asString().getValue());
            }
            case BOOLEAN -> {
                return NODES.booleanNode(value.asBoolean().getValue());
            }
            case INT32 -> {
                return NODES.numberNode(value.asInt32().getValue());
            }
            case INT64 -> {
                return NODES.numberNode(value.asInt64().getValue());
            }
            case DOUBLE -> {
                return NODES.numberNode(value.asDouble().getValue());
            }
            case DECIMAL128 -> {
                BigDecimal decimal = value.asDecimal128().getValue().bigDecimalValue();
                return NODES.numberNode(decimal);
            }
            case NULL, UNDEFINED -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalArgumentException("unexpected BSON type " + value.getBsonType());
        }
    }
}
