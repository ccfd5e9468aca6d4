package io.modelcar.console.inferenceservices;

import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of {@code storageInitializer} that decides what happens to {@code oci://} URIs, read the way KServe's
 * Go decoder reads it (unknown keys ignored, keys matched case-insensitively preferring an exact match, last value
 * wins) and resolved like {@code ResolveOciModelMode}: an explicit {@code ociModelMode} wins, otherwise either
 * enable flag means {@code modelcar}, otherwise OCI is off ({@code ""}).
 *
 * @param known                 false when there is no configuration to read (yet)
 * @param enableModelcar        {@code enableModelcar}
 * @param enableOciModelSupport {@code enableOciModelSupport} (v0.20+)
 * @param ociModelMode          {@code ociModelMode} as written, or null
 * @param mode                  the resolved mode: {@code modelcar}, {@code native}, {@code fetch} or {@code ""}
 * @param problem               why the value could not be read (KServe would refuse it too), or null
 */
public record OciConfig(boolean known, boolean enableModelcar, boolean enableOciModelSupport, String ociModelMode,
        String mode, String problem) {

    static final OciConfig UNKNOWN = new OciConfig(false, false, false, null, "", null);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** True when a bare {@code oci://} URI gets modelcar containers (v0.20.0 treats {@code fetch} as modelcar). */
    public boolean modelcarEnabled() {
        return "modelcar".equals(mode) || "fetch".equals(mode);
    }

    /** True when a bare {@code oci://} URI is handled at all. */
    public boolean ociEnabled() {
        return !mode.isEmpty();
    }

    /** Reads the {@code storageInitializer} JSON string; null or blank means an empty configuration. */
    static OciConfig parse(String storageInitializer) {
        if (storageInitializer == null || storageInitializer.isBlank()) {
            return new OciConfig(true, false, false, null, "", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(storageInitializer);
        } catch (JacksonException e) {
            return new OciConfig(true, false, false, null, "", "storageInitializer is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return new OciConfig(true, false, false, null, "", "storageInitializer is not a JSON object");
        }
        try {
            boolean modelcar = bool(field(root, "enableModelcar"), "enableModelcar");
            boolean oci = bool(field(root, "enableOciModelSupport"), "enableOciModelSupport");
            JsonNode modeNode = field(root, "ociModelMode");
            String explicit = null;
            if (modeNode != null && !modeNode.isNull()) {
                if (!modeNode.isString()) {
                    throw new IllegalArgumentException("ociModelMode must be a string");
                }
                explicit = modeNode.stringValue();
            }
            String mode = explicit != null && !explicit.isEmpty() ? explicit.toLowerCase(Locale.ROOT)
                    : modelcar || oci ? "modelcar" : "";
            return new OciConfig(true, modelcar, oci, explicit, mode, null);
        } catch (IllegalArgumentException e) {
            return new OciConfig(true, false, false, null, "", e.getMessage());
        }
    }

    /** Go's encoding/json: an exact key match wins, else the last case-insensitive match. */
    private static JsonNode field(JsonNode root, String name) {
        JsonNode exact = null;
        JsonNode folded = null;
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(name)) {
                exact = e.getValue();
            } else if (e.getKey().equalsIgnoreCase(name)) {
                folded = e.getValue();
            }
        }
        return exact != null ? exact : folded;
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
