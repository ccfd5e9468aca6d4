package io.modelcar.console.storageinitializer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON side of the configuration, pure: parsing a stored string into an order-preserving tree (with the
 * position of the first error), writing a tree back the way KServe ships it (4-space indent), RFC 7396 merge
 * patches and key-level diffs.
 */
public final class ConfigJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private ConfigJson() {
    }

    /** Where and why a text is not valid JSON; line and column start at 1. */
    public record ParseError(String message, int line, int column) {
    }

    /** Either a tree or an error. */
    public record Parsed(JsonNode value, ParseError error) {

        public boolean ok() {
            return error == null;
        }
    }

    /** One key whose value differs; {@code before}/{@code after} are null when the key is absent on that side. */
    public record KeyChange(String key, JsonNode before, JsonNode after) {
    }

    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(null, new ParseError("The value is empty", 1, 1));
        }
        try {
            return new Parsed(MAPPER.readTree(text), null);
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            int line = location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
            int column = location == null || location.getColumnNr() < 1 ? 1 : location.getColumnNr();
            String message = e.getOriginalMessage();
            return new Parsed(null, new ParseError(firstLine(message), line, column));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "Invalid JSON";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson describes the source (REDACTED) in some messages: not useful to people.
        return line.replaceAll("\\s*\\(start marker at \\[Source:.*$", "").replaceAll("\\s*at \\[Source:.*$", "");
    }

    /**
     * Top-level keys written more than once, in the order of their repetition. Go (and this tree) keep the last
     * value, so writing the value back keeps only that one.
     */
    public static List<String> duplicateKeys(String text) {
        List<String> duplicates = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            Set<String> seen = new java.util.HashSet<>();
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.PROPERTY_NAME && depth == 1 && !seen.add(parser.currentName())) {
                    duplicates.add(parser.currentName());
                }
            }
        } catch (JacksonException e) {
            // not JSON: parse() reports where
        }
        return duplicates;
    }

    /**
     * The top-level keys of an object with their values, in the order written and every occurrence of a key
     * repeated (the tree keeps only the last one); null when the text is not a JSON object. Go's decoder reads each
     * occurrence, so a type error in one that a later occurrence hides is still KServe's error.
     */
    public static List<Map.Entry<String, JsonNode>> occurrences(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Map.Entry<String, JsonNode>> occurrences = new ArrayList<>();
        // each value is read alone from the middle of the object: what follows it is not trailing text
        ObjectReader values = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser parser = values.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String key = parser.currentName();
                parser.nextToken();
                occurrences.add(Map.entry(key, values.readTree(parser)));
            }
        } catch (JacksonException e) {
            return null; // not JSON: parse() reports where
        }
        return occurrences;
    }

    /** Writes the object as KServe ships it: one key per line, 4-space indent, {@code "key": value}. */
    public static String write(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private static void write(JsonNode value, int depth, StringBuilder out) {
        if (value.isObject() && !value.isEmpty()) {
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> entries = value.properties().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                indent(depth + 1, out);
                out.append(MAPPER.writeValueAsString(entry.getKey())).append(": ");
                write(entry.getValue(), depth + 1, out);
                out.append(entries.hasNext() ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append('}');
        } else if (value.isArray() && !value.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < value.size(); i++) {
                indent(depth + 1, out);
                write(value.get(i), depth + 1, out);
                out.append(i + 1 < value.size() ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append(']');
        } else {
            out.append(MAPPER.writeValueAsString(value));
        }
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("    ".repeat(depth));
    }

    /**
     * RFC 7396 JSON Merge Patch. Keys already present keep their position, new keys are appended, {@code null}
     * removes a key; a patch that is not an object replaces the target. The target is not modified.
     */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? null : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), mergePatch(result.get(entry.getKey()), entry.getValue()));
            }
        }
        return result;
    }

    /** The keys whose values differ, in the order of {@code after} then the keys only {@code before} had. */
    public static List<KeyChange> diff(JsonNode before, JsonNode after) {
        Set<String> keys = new LinkedHashSet<>();
        if (after != null && after.isObject()) {
            keys.addAll(after.propertyNames());
        }
        if (before != null && before.isObject()) {
            keys.addAll(before.propertyNames());
        }
        List<KeyChange> changes = new ArrayList<>();
        for (String key : keys) {
            JsonNode was = before != null && before.isObject() ? before.get(key) : null;
            JsonNode now = after != null && after.isObject() ? after.get(key) : null;
            if (!Objects.equals(was, now)) {
                changes.add(new KeyChange(key, was, now));
            }
        }
        return changes;
    }

    /** Same keys in the same order with equal values: writing {@code b} over {@code a} would change nothing. */
    public static boolean sameContent(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isObject() && b.isObject()) {
            return new ArrayList<>(a.propertyNames()).equals(new ArrayList<>(b.propertyNames())) && a.equals(b);
        }
        return a.equals(b);
    }
}
