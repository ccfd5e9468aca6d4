package io.modelcar.console.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.modelcar.console.kubernetes.KServeVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restart pre-flight's own minimal storageInitializer check, until the storageinitializer feature's full
 * validator is wired in its place (see {@link StorageInitializerCheck}): the JSON parses to an object, the four
 * required quantities are present and valid, the keys KServe unmarshals into typed fields have those types (a
 * wrong type panics the webhook), and {@code ociModelMode} is one KServe v0.20+ accepts.
 */
final class MinimalStorageInitializerCheck implements StorageInitializerCheck {

    /** Kubernetes' {@code resource.ParseQuantity} grammar: a decimal number and an optional SI suffix or exponent. */
    static final Pattern QUANTITY = Pattern.compile(
            "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?$");
    static final List<String> REQUIRED_QUANTITIES = List.of("memoryRequest", "memoryLimit", "cpuRequest", "cpuLimit");
    private static final Set<String> BOOLEANS = Set.of("enableModelcar", "enableOciModelSupport",
            "enableDirectPvcVolumeMount", "ociInsecureRegistry");
    private static final Set<String> STRINGS = Set.of("image", "memoryRequest", "memoryLimit", "cpuRequest",
            "cpuLimit", "caBundleConfigMapName", "caBundleVolumeMountPath", "cpuModelcar", "memoryModelcar",
            "ociModelMode");
    private static final Set<String> OCI_MODES = Set.of("modelcar", "native", "fetch");

    private final JsonMapper json;

    MinimalStorageInitializerCheck(JsonMapper json) {
        this.json = json;
    }

    @Override
    public List<String> problems(String raw, KServeVersion version) {
        JsonNode root;
        try {
            root = json.readTree(raw);
        } catch (JacksonException e) {
            return List.of("is not valid JSON (KServe panics unmarshalling it)");
        }
        if (root == null || !root.isObject()) {
            return List.of("is not a JSON object (KServe panics unmarshalling it)");
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (BOOLEANS.contains(key) && !value.isBoolean()) {
                problems.add(key + " must be a JSON boolean (a wrong type panics the webhook)");
            } else if (STRINGS.contains(key) && !value.isString()) {
                problems.add(key + " must be a JSON string (a wrong type panics the webhook)");
            } else if ("uidModelcar".equals(key) && !value.isIntegralNumber()) {
                problems.add("uidModelcar must be an integer or null (a wrong type panics the webhook)");
            }
        }
        for (String key : REQUIRED_QUANTITIES) {
            JsonNode value = root.get(key);
            if (value == null || value.isNull() || !value.isString() || !QUANTITY.matcher(value.asString()).matches()) {
                problems.add(key + " must be a valid quantity such as 100Mi or 1 (KServe requires it)");
            }
        }
        boolean modelcarQuantitiesRequired = version != null && version.major() == 0 && version.minor() == 16;
        for (String key : List.of("cpuModelcar", "memoryModelcar")) {
            JsonNode value = root.get(key);
            boolean empty = value == null || value.isNull() || (value.isString() && value.asString().isEmpty());
            if (empty ? modelcarQuantitiesRequired
                    : value.isString() && !QUANTITY.matcher(value.asString()).matches()) {
                problems.add(key + " must be a valid quantity such as 10m or 15Mi");
            }
        }
        JsonNode mode = root.get("ociModelMode");
        if (mode != null && mode.isString() && !mode.asString().isEmpty()
                && (version == null || version.atLeast(KServeVersion.V0_20))
                && !OCI_MODES.contains(mode.asString())) {
            problems.add("ociModelMode must be modelcar, native or fetch");
        }
        return problems;
    }
}
