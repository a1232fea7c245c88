package io.ledger.web;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.ledger.web.support.UnsafeText;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Requests are read strictly: money and ids are strings, never numbers converted on the way in, and
 * no string carries characters that hide or reorder text ({@link UnsafeText}).
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    /** A date is a string "yyyy-MM-dd"; not a day number, not an array, not an empty array read as absent. */
    static final class IsoDateOnly extends LocalDateDeserializer {
        IsoDateOnly() {
            super(DateTimeFormatter.ISO_LOCAL_DATE);
        }

        /** The JSR-310 original answers with a fresh, lenient copy of itself here. */
        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context,
                BeanProperty property) {
            return this;
        }

        @Override
        public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw MismatchedInputException.from(parser, LocalDate.class,
                        "a date is a string such as \"2025-05-02\"");
            }
            return super.deserialize(parser, context);
        }
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictScalars() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            // no 2 as true, no [] as a missing date, no day number as a date: a wrong type is an error
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail);
            mapper.registerModule(new SimpleModule("safe-text").addDeserializer(String.class, new UnsafeText())
                    .addDeserializer(LocalDate.class, new IsoDateOnly()));
        });
    }
}
