package io.modelcar.console.storageinitializer;

import java.util.List;

import io.modelcar.console.kubernetes.GoJsonKeys;
import io.modelcar.console.kubernetes.KServeVersion;

/**
 * One key of KServe's {@code storageInitializer} JSON (kserve-facts.md 1.2): its JSON type, the KServe releases that
 * read it, and help text for the form.
 *
 * @param name  the JSON key exactly as KServe's struct tag spells it
 * @param type  how KServe decodes it
 * @param since first release that reads it, or null for "always"
 * @param until first release that no longer reads it, or null for "still read"
 * @param help  what it does, for the form
 */
public record ConfigKey(String name, Type type, KServeVersion since, KServeVersion until, String help) {

    /** JSON types as Go's {@code encoding/json} decodes them into the struct. */
    public enum Type {
        STRING, QUANTITY, BOOLEAN, INTEGER, OCI_MODEL_MODE
    }

    static final KServeVersion V0_11 = new KServeVersion(0, 11, 0);
    static final KServeVersion V0_16 = new KServeVersion(0, 16, 0);
    /** No released KServe reads it yet (HEAD only). */
    static final KServeVersion UNRELEASED = new KServeVersion(Integer.MAX_VALUE, 0, 0);

    /** The newest release the validator knows; an unknown version is validated as this one. */
    public static final KServeVersion NEWEST = KServeVersion.V0_20;


    /** Every key in KServe's order. */
    public static final List<ConfigKey> ALL = List.of(
            new ConfigKey("image", Type.STRING, null, null,
                    "Image of the storage-initializer init container (also used by oci+fetch)."),
            new ConfigKey("memoryRequest", Type.QUANTITY, null, null,
                    "Memory request of the storage-initializer init container. Required."),
            new ConfigKey("memoryLimit", Type.QUANTITY, null, null,
                    "Memory limit of the storage-initializer init container. Required."),
            new ConfigKey("cpuRequest", Type.QUANTITY, null, null,
                    "CPU request of the storage-initializer init container. Required."),
            new ConfigKey("cpuLimit", Type.QUANTITY, null, null,
                    "CPU limit of the storage-initializer init container. Required."),
            new ConfigKey("caBundleConfigMapName", Type.STRING, KServeVersion.V0_12, null,
                    "ConfigMap in the KServe namespace with CA certificates; copied into model namespaces as "
                            + "global-ca-bundle and mounted into the storage-initializer (not into modelcars). "
                            + "Empty: off."),
            new ConfigKey("caBundleVolumeMountPath", Type.STRING, KServeVersion.V0_12, null,
                    "Where the CA bundle is mounted; /etc/ssl/custom-certs when empty."),
            new ConfigKey("enableDirectPvcVolumeMount", Type.BOOLEAN, V0_11, V0_16,
                    "Mount pvc:// storage directly instead of copying it (v0.11 to v0.15; unconditional since "
                            + "v0.16)."),
            new ConfigKey("enableModelcar", Type.BOOLEAN, KServeVersion.V0_12, null,
                    "Master switch for modelcars (oci:// storage served from a sidecar). Still an alias of "
                            + "enableOciModelSupport from v0.20."),
            new ConfigKey("cpuModelcar", Type.QUANTITY, KServeVersion.V0_12, null,
                    "CPU request and limit of the modelcar and modelcar-init containers (default 10m). "
                            + "Required on v0.16.0."),
            new ConfigKey("memoryModelcar", Type.QUANTITY, KServeVersion.V0_12, null,
                    "Memory request and limit of the modelcar and modelcar-init containers (default 15Mi); "
                            + "must satisfy the namespace's LimitRange. Required on v0.16.0."),
            new ConfigKey("uidModelcar", Type.INTEGER, KServeVersion.V0_12, null,
                    "runAsUser of the modelcar sidecar and of the model container (not modelcar-init). "
                            + "Empty (null): no runAsUser is injected."),
            new ConfigKey("enableOciModelSupport", Type.BOOLEAN, KServeVersion.V0_20, null,
                    "Newer master switch for every OCI mode (v0.20+)."),
            new ConfigKey("ociModelMode", Type.OCI_MODEL_MODE, KServeVersion.V0_20, null,
                    "How a bare oci:// is served: modelcar, native (ImageVolume) or fetch (v0.20 falls back to "
                            + "modelcar). Empty: modelcar when an enable switch is on."),
            new ConfigKey("ociInsecureRegistry", Type.BOOLEAN, UNRELEASED, null,
                    "Allow plain-HTTP registries for oci+fetch. Not in any released KServe yet."));

    /** Whether a KServe release reads this key. */
    public boolean readBy(KServeVersion version) {
        return (since == null || version.atLeast(since)) && (until == null || version.before(until));
    }

    /** The keys a release reads, in KServe's order. */
    public static List<ConfigKey> readBy(KServeVersion version, boolean includeUnreleased) {
        KServeVersion effective = version == null ? NEWEST : version;
        return ALL.stream().filter(k -> k.readBy(effective) || includeUnreleased && k.since() == UNRELEASED)
                .toList();
    }

    static ConfigKey named(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
    }

    /** The key Go's encoding/json would decode this JSON key into (exact match first, then case-insensitive). */
    static ConfigKey matching(String jsonKey) {
        return GoJsonKeys.match(jsonKey, ALL, ConfigKey::name);
    }
}
