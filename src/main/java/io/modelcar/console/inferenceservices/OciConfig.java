package io.modelcar.console.inferenceservices;

import java.util.Map;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeVersion;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of {@code storageInitializer} that decides what happens to {@code oci://} URIs, for one KServe release,
 * read the way KServe's Go decoder reads it (unknown keys ignored, keys matched case-insensitively, the last matching
 * key wins whatever its case) and resolved like {@code ResolveOciModelMode} (pkg/types/config.go, v0.20): an
 * explicit {@code ociModelMode} wins, otherwise either enable flag means {@code modelcar}, otherwise OCI is off
 * ({@code ""}). Before v0.20 only {@code enableModelcar} exists ({@link KServeFacts#OCI_MODEL_MODE_KEYS}).
 * {@code ociModelMode} is compared case-sensitively: any value but {@code modelcar}, {@code native} or
 * {@code fetch} makes {@code GetStorageInitializerConfigs} fail, and every InferenceService pod with it.
 *
 * @param known                 false when there is no configuration to read (yet)
 * @param enableModelcar        {@code enableModelcar}
 * @param enableOciModelSupport {@code enableOciModelSupport} (v0.20+)
 * @param ociModelMode          {@code ociModelMode} as written, or null
 * @param mode                  the resolved mode: {@code modelcar}, {@code native}, {@code fetch} or {@code ""}
 * @param problem               why the value could not be read (KServe would refuse it too), or null
 * @param version               the KServe release it was read for, null when unknown (read as the newest)
 */
public record OciConfig(boolean known, boolean enableModelcar, boolean enableOciModelSupport, String ociModelMode,
        String mode, String problem, KServeVersion version) {

    static final OciConfig UNKNOWN = new OciConfig(false, false, false, null, "", null, null);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** True when a bare {@code oci://} URI gets modelcar containers (v0.20.0 treats {@code fetch} as modelcar). */
    public boolean modelcarEnabled() {
        return "modelcar".equals(mode) || "fetch".equals(mode);
    }

    /** True when a bare {@code oci://} URI is handled at all. */
    public boolean ociEnabled() {
        return !mode.isEmpty();
    }

    /** Reads the value for the newest release (the KServe version is unknown). */
    static OciConfig parse(String storageInitializer) {
        return parse(storageInitializer, null);
    }

    /** Reads the {@code storageInitializer} JSON string as {@code version} does; null or blank: empty. */
    public static OciConfig parse(String storageInitializer, KServeVersion version) {
        if (storageInitializer == null || storageInitializer.isBlank()) {
            return new OciConfig(true, false, false, null, "", null, version);
        }
        JsonNode root;
        try {
            root = JSON.readTree(storageInitializer);
        } catch (JacksonException e) {
            return new OciConfig(true, false, false, null, "", "storageInitializer is not valid JSON", version);
        }
        if (root == null || !root.isObject()) {
            return new OciConfig(true, false, false, null, "", "storageInitializer is not a JSON object", version);
        }
        boolean modeKeys = KServeFacts.OCI_MODEL_MODE_KEYS.holds(version);
        try {
            boolean modelcar = bool(field(root, "enableModelcar"), "enableModelcar");
            boolean oci = modeKeys && bool(field(root, "enableOciModelSupport"), "enableOciModelSupport");
            JsonNode modeNode = modeKeys ? field(root, "ociModelMode") : null;
            String explicit = null;
            if (modeNode != null && !modeNode.isNull()) {
                if (!modeNode.isString()) {
                    throw new IllegalArgumentException("ociModelMode must be a string");
                }
                explicit = modeNode.stringValue();
            }
            if (explicit != null && !explicit.isEmpty() && !KServeFacts.OCI_MODEL_MODES.contains(explicit)) {
                return new OciConfig(true, modelcar, oci, explicit, "", "ociModelMode \"" + explicit + "\" is not "
                        + "modelcar, native or fetch (compared case-sensitively): KServe rejects every "
                        + "InferenceService pod", version);
            }
            String mode = explicit != null && !explicit.isEmpty() ? explicit : modelcar || oci ? "modelcar" : "";
            return new OciConfig(true, modelcar, oci, explicit, mode, null, version);
        } catch (IllegalArgumentException e) {
            return new OciConfig(true, false, false, null, "", e.getMessage(), version);
        }
    }

    /** Go's encoding/json assigns keys in order: the last key matching the tag (in any case) wins. */
    private static JsonNode field(JsonNode root, String name) {
        JsonNode last = null;
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
                last = e.getValue();
            }
        }
        return last;
    }
    private static boolean bool(JsonNode node, String name) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException(name + " must be a JSON boolean (KServe panics on \""
                    + node.asString() + "\")");
        }
        return node.booleanValue();
    }
}
