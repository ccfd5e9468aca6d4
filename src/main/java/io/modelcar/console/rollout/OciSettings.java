package io.modelcar.console.rollout;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether modelcars are on and which OCI mode applies, resolved as KServe's {@code ResolveOciModelMode} does: an
 * explicit {@code ociModelMode} wins, else {@code modelcar} when {@code enableModelcar} or
 * {@code enableOciModelSupport} is true, else OCI is off (null).
 */
record OciSettings(boolean modelcarEnabled, String ociModelMode) {

    static OciSettings from(String storageInitializer, JsonMapper json) {
        if (storageInitializer == null) {
            return new OciSettings(false, null);
        }
        try {
            JsonNode root = json.readTree(storageInitializer);
            if (root == null || !root.isObject()) {
                return new OciSettings(false, null);
            }
            boolean enabled = root.path("enableModelcar").asBoolean(false)
                    || root.path("enableOciModelSupport").asBoolean(false);
            JsonNode mode = root.get("ociModelMode");
            String explicit = mode != null && mode.isString() && !mode.asString().isEmpty() ? mode.asString() : null;
            return new OciSettings(enabled, explicit != null ? explicit : enabled ? "modelcar" : null);
        } catch (JacksonException e) {
            return new OciSettings(false, null);
        }
    }
}
