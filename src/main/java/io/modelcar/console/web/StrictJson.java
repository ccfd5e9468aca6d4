package io.modelcar.console.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Request-body members read exactly as the OpenAPI document types them. Jackson coerces scalars by default
 * ({@code false} into the string "false", {@code 1} into "1", "true" into {@code true}, {@code 0} into
 * {@code false}), so bodies the schema forbids were accepted and acted on (found by ApiFuzzTest). A record component
 * annotated with {@code @JsonDeserialize(using = StrictJson.Text.class)} (or {@code Flag}) takes only its own JSON
 * type; anything else is a 400 Problem. {@code null} stays allowed (Jackson does not pass it to these).
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** A JSON string, nothing else. */
    public static final class Text extends ValueDeserializer<String> {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getString();
            }
            throw MismatchedInputException.from(p, String.class, "Expected a JSON string, got " + p.currentToken());
        }
    }

    /** A JSON boolean, nothing else. */
    public static final class Flag extends ValueDeserializer<Boolean> {

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_TRUE) {
                return Boolean.TRUE;
            }
            if (p.currentToken() == JsonToken.VALUE_FALSE) {
                return Boolean.FALSE;
            }
            throw MismatchedInputException.from(p, Boolean.class, "Expected true or false, got " + p.currentToken());
        }
    }
}
