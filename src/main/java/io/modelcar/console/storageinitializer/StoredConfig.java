package io.modelcar.console.storageinitializer;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * What was read from {@code inferenceservice-config}: its version, the raw {@code storageInitializer} string (null
 * when the key is absent) and what tells who owns the ConfigMap. {@code read} is the object as read, which only the
 * repository uses: the write sends it back with one key changed, locked to its resourceVersion.
 */
record StoredConfig(String namespace, String name, String resourceVersion, String raw,
        Map<String, String> labels, Map<String, String> annotations, List<Ownership.OwnerRef> owners,
        ConfigMap read) {

    StoredConfig withRaw(String newRaw, String newResourceVersion) {
        return new StoredConfig(namespace, name, newResourceVersion, newRaw, labels, annotations, owners, read);
    }
}
