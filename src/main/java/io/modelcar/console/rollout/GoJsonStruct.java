package io.modelcar.console.rollout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcar.console.kubernetes.GoJsonKeys;
import io.modelcar.console.kubernetes.KServeVersion;
import tools.jackson.databind.JsonNode;

/**
 * A Go struct as {@code encoding/json} fills it: the fields a release has (with their JSON tags and Go types), and
 * decoding the way {@code json.Unmarshal} does: unknown keys ignored, keys matched to tags case-insensitively, the
 * last matching key wins, and a value of the wrong JSON type is an error ({@code UnmarshalTypeError}). {@code null}
 * leaves a field as it is.
 *
 * @param fields the struct's fields, each with the releases that have it
 */
record GoJsonStruct(List<Field> fields) {

    /** Go field types that occur in KServe's configuration structs. */
    enum Type {
        STRING("a JSON string"), BOOL("a JSON boolean (true or false)"), STRING_LIST("a JSON array of strings"),
        OBJECT("a JSON object");

        private final String expected;

        Type(String expected) {
            this.expected = expected;
        }
    }

    /**
     * One field: its JSON tag, Go type, nested struct (for {@link Type#OBJECT}) and the releases that have it.
     *
     * @param since first release with the field, null for every release
     * @param until first release without it, null for still present
     */
    record Field(String tag, Type type, GoJsonStruct nested, KServeVersion since, KServeVersion until) {

        static Field of(String tag, Type type) {
            return new Field(tag, type, null, null, null);
        }

        Field since(KServeVersion version) {
            return new Field(tag, type, nested, version, until);
        }

        Field until(KServeVersion version) {
            return new Field(tag, type, nested, since, version);
        }

        static Field object(String tag, GoJsonStruct nested) {
            return new Field(tag, Type.OBJECT, nested, null, null);
        }

        boolean presentIn(KServeVersion version) {
            KServeVersion v = version == null ? io.modelcar.console.kubernetes.KServeFacts.NEWEST : version;
            return (since == null || v.atLeast(since)) && (until == null || v.before(until));
        }
    }

    static GoJsonStruct of(Field... fields) {
        return new GoJsonStruct(List.of(fields));
    }

    /** The decoded fields (by tag; absent or null fields left out), or an error naming the mistyped field. */
    record Decoded(Map<String, JsonNode> values, String error) {

        String string(String tag) {
            JsonNode value = values.get(tag);
            return value == null ? "" : value.stringValue();
        }

        boolean bool(String tag) {
            JsonNode value = values.get(tag);
            return value != null && value.booleanValue();
        }
    }

    /** Decodes a JSON object (the caller has checked it is one) into this struct for a release. */
    Decoded decode(JsonNode object, KServeVersion version) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            Field field = match(entry.getKey(), version);
            if (field == null) {
                continue;
            }
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            String error = typeError(field, value, version);
            if (error != null) {
                return new Decoded(Map.of(), error);
            }
            values.put(field.tag(), value);
        }
        return new Decoded(values, null);
    }

    /** Go prefers an exact tag match, else a case-insensitive one, among the fields this release has. */
    private Field match(String key, KServeVersion version) {
        return GoJsonKeys.match(key, fields.stream().filter(field -> field.presentIn(version)).toList(),
                Field::tag);
    }

    private static String typeError(Field field, JsonNode value, KServeVersion version) {
        boolean ok = switch (field.type()) {
            case STRING -> value.isString();
            case BOOL -> value.isBoolean();
            case STRING_LIST -> value.isArray() && value.valueStream().allMatch(v -> v.isString() || v.isNull());
            case OBJECT -> value.isObject();
        };
        if (!ok) {
            return field.tag() + " must be " + field.type().expected + ", not " + value;
        }
        if (field.type() == Type.OBJECT && field.nested() != null) {
            String nested = field.nested().decode(value, version).error();
            return nested == null ? null : field.tag() + "." + nested;
        }
        return null;
    }
}
