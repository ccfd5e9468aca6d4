package io.modelcar.console.toggles;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.modelcar.console.storageinitializer.ConfigJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a toggle reads from and writes into {@code storageInitializer}, as pure functions over the parsed object.
 * The OCI mode is resolved like KServe's {@code ResolveOciModelMode} (kserve-facts.md 1.2): an explicit
 * {@code ociModelMode} wins, otherwise either enable flag means {@code modelcar}, otherwise OCI is off.
 */
final class ToggleRules {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ToggleRules() {
    }

    static boolean enabled(JsonNode config, ToggleSpec toggle) {
        JsonNode value = config == null ? null : config.get(toggle.key());
        return value != null && value.isBoolean() && value.booleanValue();
    }

    /** {@code ociModelMode} as written, or null. */
    static String explicitMode(JsonNode config) {
        JsonNode value = config == null ? null : config.get(ToggleSpec.OCI_MODEL_MODE);
        return value != null && value.isString() && !value.stringValue().isEmpty() ? value.stringValue() : null;
    }

    /** The mode KServe applies to a bare {@code oci://}: modelcar, native, fetch, or "" (OCI off). */
    static String resolvedMode(JsonNode config) {
        String explicit = explicitMode(config);
        if (explicit != null) {
            return explicit.toLowerCase(Locale.ROOT);
        }
        return enabled(config, ToggleSpec.MODELCAR) || enabled(config, ToggleSpec.OCI_MODEL_SUPPORT) ? "modelcar"
                : "";
    }

    /**
     * The merge patch that flips a toggle. Turning OCI model support off also removes {@code ociModelMode}: an
     * explicit mode would otherwise keep OCI on.
     */
    static ObjectNode flipPatch(ToggleSpec toggle, boolean enabled, String ociModelMode) {
        ObjectNode patch = NODES.objectNode();
        patch.put(toggle.key(), enabled);
        if (toggle.hasMode()) {
            if (!enabled) {
                patch.putNull(ToggleSpec.OCI_MODEL_MODE);
            } else if (ociModelMode != null) {
                patch.put(ToggleSpec.OCI_MODEL_MODE, ociModelMode);
            }
        }
        return patch;
    }

    /** The kill switch: every available toggle off, and no explicit OCI mode, in one patch. */
    static ObjectNode killSwitchPatch(List<ToggleSpec> toggles) {
        ObjectNode patch = NODES.objectNode();
        for (ToggleSpec toggle : toggles) {
            patch.setAll(flipPatch(toggle, false, null));
        }
        return patch;
    }

    /** The merge patch that puts back what {@code patch} changes in {@code config} (null removes an added key). */
    static ObjectNode revertPatch(JsonNode config, ObjectNode patch) {
        ObjectNode revert = NODES.objectNode();
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            JsonNode before = config == null ? null : config.get(entry.getKey());
            if (before == null) {
                revert.putNull(entry.getKey());
            } else {
                revert.set(entry.getKey(), before.deepCopy());
            }
        }
        return revert;
    }

    /** The values {@code patch} leaves in place, for comparing later (null where the patch removes a key). */
    static ObjectNode effect(JsonNode config, ObjectNode patch) {
        JsonNode after = ConfigJson.mergePatch(config, patch);
        ObjectNode effect = NODES.objectNode();
        for (Iterator<String> names = patch.propertyNames().iterator(); names.hasNext();) {
            String name = names.next();
            JsonNode value = after.get(name);
            if (value == null) {
                effect.putNull(name);
            } else {
                effect.set(name, value.deepCopy());
            }
        }
        return effect;
    }

    /** True when every key of {@code effect} still has that value in {@code config} (null: absent). */
    static boolean stillAsSet(JsonNode config, JsonNode effect) {
        for (Map.Entry<String, JsonNode> entry : effect.properties()) {
            JsonNode current = config == null ? null : config.get(entry.getKey());
            boolean absent = current == null || current.isNull();
            if (entry.getValue().isNull() ? !absent : !entry.getValue().equals(current)) {
                return false;
            }
        }
        return true;
    }

    static JsonNode apply(JsonNode config, ObjectNode patch) {
        return ConfigJson.mergePatch(config, patch);
    }
}
