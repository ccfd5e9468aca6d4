package io.modelcar.console.storageinitializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeVersion;
import tools.jackson.databind.JsonNode;

/**
 * Validates a parsed {@code storageInitializer} value the way a given KServe release decodes it
 * ({@code GetStorageInitializerConfigs}, kserve-facts.md 1.1): Go's lenient {@code encoding/json} (unknown keys
 * ignored, keys matched case-insensitively, last duplicate wins, a wrong JSON type panics), then the required
 * quantities, then the {@code ociModelMode} enum. Errors are what KServe would reject; notices are keys it ignores
 * or reads differently than written. An unknown version is validated as the newest release.
 */
public final class StorageInitializerValidator {

    private StorageInitializerValidator() {
    }

    /** The outcome: errors (refuse to write) and notices (tell the user, allow). */
    public record Validation(List<FieldProblem> errors, List<FieldProblem> notices) {

        public boolean valid() {
            return errors.isEmpty();
        }

        /** Errors first, then notices. */
        public List<FieldProblem> all() {
            List<FieldProblem> all = new ArrayList<>(errors);
            all.addAll(notices);
            return all;
        }
    }

    public static Validation validate(JsonNode config, KServeVersion detected) {
        return validate(config, null, detected);
    }

    /**
     * Validates a stored value with every occurrence of its keys ({@link ConfigJson#occurrences}): {@code config} is
     * its tree, which keeps only the last occurrence of a key written twice, but Go decodes each one in order and
     * keeps the first type error, so {@code "cpuLimit": 1, "cpuLimit": "1"} makes KServe panic on every model pod.
     * {@code occurrences} null: those of the tree.
     */
    public static Validation validate(JsonNode config, List<Map.Entry<String, JsonNode>> occurrences,
            KServeVersion detected) {
        KServeVersion version = detected == null ? ConfigKey.NEWEST : detected;
        List<FieldProblem> errors = new ArrayList<>();
        List<FieldProblem> notices = new ArrayList<>();
        if (config != null && !config.isNull() && !config.isObject()) {
            errors.add(FieldProblem.error("", "The value must be a JSON object ({...}); KServe fails to decode "
                    + "anything else."));
            return new Validation(errors, notices);
        }
        Map<ConfigKey, JsonNode> decoded = new LinkedHashMap<>();
        if (config != null && config.isObject()) {
            java.util.Set<String> written = new java.util.HashSet<>();
            for (Map.Entry<String, JsonNode> entry : occurrences != null ? occurrences : config.properties()) {
                boolean repeated = !written.add(entry.getKey());
                if (repeated) {
                    notices.add(FieldProblem.notice(entry.getKey(), "\"" + entry.getKey() + "\" is written more than "
                            + "once; KServe uses the last value, and saving here keeps only that one."));
                }
                decode(entry.getKey(), entry.getValue(), repeated, version, decoded, errors, notices);
            }
        }
        checkValues(decoded, version, errors);
        checkPodRules(decoded, version, errors);
        return new Validation(List.copyOf(errors), List.copyOf(notices));
    }

    /** One occurrence of a key; {@code repeated}: this very spelling came before (already told). */
    private static void decode(String jsonKey, JsonNode value, boolean repeated, KServeVersion version,
            Map<ConfigKey, JsonNode> decoded, List<FieldProblem> errors, List<FieldProblem> notices) {
        ConfigKey key = ConfigKey.matching(jsonKey);
        if (repeated && (key == null || !key.readBy(version))) {
            return; // ignored by KServe, and said so at its first occurrence
        }
        if (key == null) {
            notices.add(FieldProblem.notice(jsonKey, unknownKeyMessage(jsonKey)));
            return;
        }
        if (!key.readBy(version)) {
            notices.add(FieldProblem.notice(jsonKey, ignoredMessage(key, version)));
            return;
        }
        if (!jsonKey.equals(key.name()) && !repeated) {
            notices.add(FieldProblem.notice(jsonKey, "KServe reads \"" + jsonKey + "\" as \"" + key.name()
                    + "\" (Go matches JSON keys case-insensitively); write it as \"" + key.name() + "\"."));
        }
        if (decoded.containsKey(key) && !repeated) {
            notices.add(FieldProblem.notice(jsonKey, "\"" + key.name() + "\" is set more than once; KServe uses "
                    + "the last one."));
        }
        String typeError = typeError(key, value);
        if (typeError != null) {
            errors.add(FieldProblem.error(jsonKey, typeError));
        }
        decoded.put(key, value);
    }

    private static String unknownKeyMessage(String jsonKey) {
        if ("enableOciImageSource".equalsIgnoreCase(jsonKey)) {
            return "Unknown key, ignored by KServe: EnableOciImageSource is only the Go field name; the JSON key is "
                    + "\"enableModelcar\".";
        }
        if ("modelcarUid".equalsIgnoreCase(jsonKey)) {
            return "Unknown key, ignored by KServe: did you mean \"uidModelcar\"?";
        }
        return "Unknown key: KServe ignores it (kept as it is).";
    }

    private static String ignoredMessage(ConfigKey key, KServeVersion version) {
        if (key.since() == ConfigKey.UNRELEASED) {
            return "No released KServe reads \"" + key.name() + "\" yet (unreleased); KServe " + version
                    + " ignores it.";
        }
        if (key.since() != null && version.before(key.since())) {
            return "\"" + key.name() + "\" is read from KServe " + key.since() + " on; KServe " + version
                    + " ignores it.";
        }
        return "\"" + key.name() + "\" is no longer read since KServe " + key.until() + "; KServe " + version
                + " ignores it.";
    }

    private static String typeError(ConfigKey key, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        return switch (key.type()) {
            case BOOLEAN -> value.isBoolean() ? null
                    : "Must be a JSON boolean (true or false), not " + describe(value)
                            + "; KServe fails to decode the whole value and rejects every model pod.";
            case INTEGER -> value.isIntegralNumber() && value.canConvertToLong() ? null
                    : "Must be an integer (e.g. 1010) or null, not " + describe(value)
                            + "; KServe fails to decode the whole value and rejects every model pod.";
            case STRING, QUANTITY, OCI_MODEL_MODE -> value.isString() ? null
                    : "Must be a JSON string, not " + describe(value)
                            + "; KServe fails to decode the whole value and rejects every model pod.";
        };
    }

    private static String describe(JsonNode value) {
        if (value.isString()) {
            return "the string \"" + value.stringValue() + "\"";
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        if (value.isBoolean()) {
            return "the boolean " + value;
        }
        return value.isArray() ? "an array" : "an object";
    }

    private static void checkValues(Map<ConfigKey, JsonNode> decoded, KServeVersion version,
            List<FieldProblem> errors) {
        boolean modelcarQuantitiesRequired = version.major() == 0 && version.minor() == 16;
        for (ConfigKey key : ConfigKey.ALL) {
            if (!key.readBy(version)) {
                continue;
            }
            JsonNode value = decoded.get(key);
            if (value != null && !value.isNull() && !value.isString()) {
                continue; // already reported as a type error
            }
            String text = value == null || value.isNull() ? "" : value.stringValue();
            if (key.type() == ConfigKey.Type.QUANTITY) {
                boolean required = !key.name().endsWith("Modelcar") || modelcarQuantitiesRequired;
                if (text.isEmpty() && required) {
                    errors.add(FieldProblem.error(key.name(), "Required: a Kubernetes quantity such as "
                            + example(key) + ". KServe " + version + " rejects the configuration without it."));
                } else if (!text.isEmpty() && !Quantity.isValid(text)) {
                    errors.add(FieldProblem.error(key.name(), "\"" + text + "\" is not a Kubernetes quantity "
                            + "(examples: " + example(key) + "; no spaces)."));
                } else if (!text.isEmpty() && Quantity.range(text) != Quantity.Range.HELD) {
                    errors.add(FieldProblem.error(key.name(), outOfReachMessage(text)));
                } else if (!text.isEmpty() && Quantity.value(text).signum() < 0) {
                    errors.add(FieldProblem.error(key.name(), "\"" + text + "\" is negative: KServe accepts it, but "
                            + "the API server rejects every pod that carries it (a quantity must be >= 0)."));
                }
            } else if (key.type() == ConfigKey.Type.OCI_MODEL_MODE && !text.isEmpty()
                    && !KServeFacts.OCI_MODEL_MODES.contains(text)) {
                errors.add(FieldProblem.error(key.name(), "\"" + text + "\" is not an OCI model mode; use one of "
                        + String.join(", ", KServeFacts.OCI_MODEL_MODES) + "."));
            }
        }
    }

    /**
     * Why a quantity whose exponent Kubernetes' arithmetic stalls on is refused ({@link Quantity#FARTHEST_DIGIT}):
     * KServe accepts it, and then every model pod's admission stalls.
     */
    private static String outOfReachMessage(String text) {
        return "\"" + text + "\" has an exponent so far from 0 that Kubernetes' arithmetic on it stalls (it grows "
                + "with the exponent; 1e99999999999 never finishes): KServe accepts it, but the API server's checks of "
                + "every pod that carries it do not end. Write the number with a suffix such as m, Mi or G.";
    }

    /** The pod's own validation (k8s.io/kubernetes pkg/apis/core/validation): request <= limit, runAsUser range. */
    private static void checkPodRules(Map<ConfigKey, JsonNode> decoded, KServeVersion version,
            List<FieldProblem> errors) {
        for (String[] pair : new String[][] {{"memoryRequest", "memoryLimit"}, {"cpuRequest", "cpuLimit"}}) {
            String request = quantity(decoded, pair[0]);
            String limit = quantity(decoded, pair[1]);
            if (request != null && limit != null && Quantity.value(request).compareTo(Quantity.value(limit)) > 0) {
                errors.add(FieldProblem.error(pair[0], "\"" + request + "\" is more than " + pair[1] + " \"" + limit
                        + "\": KServe accepts it, but the API server rejects every storage-initializer pod "
                        + "(a request must not exceed its limit)."));
            }
        }
        ConfigKey uid = ConfigKey.named("uidModelcar");
        JsonNode value = decoded.get(uid);
        if (uid.readBy(version) && value != null && value.isIntegralNumber() && value.canConvertToLong()
                && (value.longValue() < 0 || value.longValue() > MAX_USER_ID)) {
            errors.add(FieldProblem.error(uid.name(), value + " is outside 0.." + MAX_USER_ID + ": KServe accepts "
                    + "it, but the API server rejects every modelcar pod (runAsUser must be in that range)."));
        }
    }

    /** k8s.io/apimachinery validation.IsValidUserID: math.MaxInt32. */
    static final long MAX_USER_ID = 2147483647L;

    /** A decoded, valid, held, non-negative quantity, or null. */
    private static String quantity(Map<ConfigKey, JsonNode> decoded, String name) {
        JsonNode value = decoded.get(ConfigKey.named(name));
        if (value == null || !value.isString() || !Quantity.isValid(value.stringValue())
                || Quantity.range(value.stringValue()) != Quantity.Range.HELD) {
            return null;
        }
        return Quantity.value(value.stringValue()).signum() < 0 ? null : value.stringValue();
    }

    private static String example(ConfigKey key) {
        return key.name().startsWith("memory") ? "100Mi, 1Gi" : "100m, 1";
    }
}
