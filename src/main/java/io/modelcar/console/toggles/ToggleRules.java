package io.modelcar.console.toggles;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.modelcar.console.inferenceservices.OciConfig;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.storageinitializer.ConfigJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a toggle reads from and writes into {@code storageInitializer}, as pure functions over the parsed object.
 * The OCI mode is resolved like KServe's {@code ResolveOciModelMode} (pkg/types/config.go, v0.20) by
 * {@link OciConfig}, for the detected release.
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

    /**
     * The mode the release applies to a bare {@code oci://}: modelcar, native, fetch, or "" (OCI off), read by the
     * inventory's rule ({@link OciConfig#parse(String, KServeVersion)}: keys case-insensitive, last one wins,
     * {@code enableOciModelSupport}/{@code ociModelMode} from v0.20 only). An {@code ociModelMode} KServe rejects
     * (it compares case-sensitively) is answered as written, so the page shows the value that breaks every pod.
     */
    static String resolvedMode(JsonNode config, KServeVersion version) {
        OciConfig parsed = OciConfig.parse(config == null ? null : config.toString(), version);
        if (parsed.problem() != null && parsed.ociModelMode() != null) {
            return parsed.ociModelMode();
        }
        return parsed.mode();
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

    /**
     * The kill switch: every OCI switch the release reads off, and no explicit OCI mode, in one patch. With an
     * unknown release (a digest-pinned or untagged controller image) every switch of every release is written:
     * older releases ignore the keys they do not know, and v0.20 would keep OCI on through any key left out.
     */
    static ObjectNode killSwitchPatch(KServeVersion version) {
        List<ToggleSpec> toggles = version == null ? ToggleSpec.ALL : ToggleSpec.available(version);
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
