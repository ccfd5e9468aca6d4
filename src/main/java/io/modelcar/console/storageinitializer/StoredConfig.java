package io.modelcar.console.storageinitializer;

import java.util.List;
import java.util.Map;

/**
 * What was read from {@code inferenceservice-config}: its version, the raw {@code storageInitializer} string (null
 * when the key is absent) and what tells who owns the ConfigMap.
 */
record StoredConfig(String namespace, String name, String resourceVersion, String raw,
        Map<String, String> labels, Map<String, String> annotations, List<Ownership.OwnerRef> owners) {
}
