package io.modelcar.console.toggles;

import java.util.List;
import java.util.Optional;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeVersion;

/**
 * A feature toggle: one boolean key of {@code storageInitializer}, from the KServe version that reads it.
 *
 * @param name  the toggle's name in the API and the page
 * @param key   the {@code storageInitializer} key it flips
 * @param title a short human name
 * @param since the first KServe version that reads the key
 */
record ToggleSpec(String name, String key, String title, KServeVersion since) {

    static final ToggleSpec MODELCAR = new ToggleSpec("modelcar", "enableModelcar", "Modelcars",
            KServeVersion.V0_12);
    static final ToggleSpec OCI_MODEL_SUPPORT = new ToggleSpec("oci-model-support", "enableOciModelSupport",
            "OCI model support", KServeVersion.V0_20);
    static final String OCI_MODEL_MODE = "ociModelMode";
    static final String KILL_SWITCH = "kill-switch";
    /** Every toggle of every release. */
    static final List<ToggleSpec> ALL = List.of(MODELCAR, OCI_MODEL_SUPPORT);

    /** The toggles KServe reads at this version (only {@code modelcar} when the version is unknown). */
    static List<ToggleSpec> available(KServeVersion version) {
        if (version != null && KServeFacts.OCI_MODEL_MODE_KEYS.holds(version)) {
            return List.of(MODELCAR, OCI_MODEL_SUPPORT);
        }
        return List.of(MODELCAR);
    }

    static Optional<ToggleSpec> find(String name, KServeVersion version) {
        return available(version).stream().filter(t -> t.name().equals(name)).findFirst();
    }

    boolean hasMode() {
        return this == OCI_MODEL_SUPPORT || OCI_MODEL_SUPPORT.name().equals(name);
    }
}
