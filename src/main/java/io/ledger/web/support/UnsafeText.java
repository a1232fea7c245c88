package io.ledger.web.support;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Every string of a request body is refused when it holds a character that changes how the text
 * around it is shown without being seen: control characters, invisible formatting (zero-width
 * joiners, byte-order marks) and bidirectional overrides such as U+202E, which can make a reason
 * or a bank reference read differently in a report than what was stored.
 */
public final class UnsafeText extends StringDeserializer {

    /** A refused string, with the path of the field that held it. */
    public static final class Refused extends MismatchedInputException {
        Refused(JsonParser parser) {
            super(parser, "text holds control or formatting characters");
        }
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = super.deserialize(parser, context);
        if (value != null && !isSafe(value)) {
            throw new Refused(parser);
        }
        return value;
    }

    public static boolean isSafe(String text) {
        return text.codePoints().noneMatch(UnsafeText::isUnsafe);
    }

    private static boolean isUnsafe(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
