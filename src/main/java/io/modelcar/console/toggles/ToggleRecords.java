package io.modelcar.console.toggles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcar.console.kubernetes.KubernetesErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The toggle feature's one door to the cluster: the pending expiries, kept in a ConfigMap of their own in the KServe
 * namespace and written only with the resourceVersion that was read. A write that lost the race answers
 * {@code false}; the caller re-reads and decides again. (The configuration itself is written only by the
 * storage-initializer feature.)
 */
@Component
class ToggleRecords {

    static final String KEY = "expiries";
    private static final Logger log = LoggerFactory.getLogger(ToggleRecords.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;

    ToggleRecords(KubernetesClient client) {
        this.client = client;
    }

    /** The records as read, with the version to write back against (null when the ConfigMap does not exist). */
    record Snapshot(String resourceVersion, List<PendingExpiry> expiries) {
    }

    Snapshot read(String namespace, String name) {
        ConfigMap configMap = KubernetesErrors.call("get", "configmaps",
                () -> client.configMaps().inNamespace(namespace).withName(name).get());
        if (configMap == null) {
            return new Snapshot(null, List.of());
        }
        String json = configMap.getData() == null ? null : configMap.getData().get(KEY);
        List<PendingExpiry> expiries = List.of();
        if (json != null && !json.isBlank()) {
            try {
                expiries = JSON.readValue(json, new TypeReference<List<PendingExpiry>>() {
                });
            } catch (RuntimeException e) {
                log.warn("ConfigMap {}/{} holds no readable toggle records; treating it as empty", namespace, name);
            }
        }
        return new Snapshot(configMap.getMetadata().getResourceVersion(), expiries);
    }

    /**
     * Stores the records if the ConfigMap is still at {@code expectedResourceVersion} (null: it must not exist yet).
     * Returns false when another writer got there first.
     */
    boolean write(String namespace, String name, String expectedResourceVersion, List<PendingExpiry> expiries) {
        String json = JSON.writeValueAsString(expiries);
        try {
            if (expectedResourceVersion == null) {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", "modelcar-console")
                        .addToLabels("app.kubernetes.io/component", "toggles").endMetadata()
                        .addToData(KEY, json).build()).create();
                return true;
            }
            ConfigMap configMap = KubernetesErrors.call("get", "configmaps",
                    () -> client.configMaps().inNamespace(namespace).withName(name).get());
            if (configMap == null || !expectedResourceVersion.equals(configMap.getMetadata().getResourceVersion())) {
                return false;
            }
            Map<String, String> data = configMap.getData() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(configMap.getData());
            data.put(KEY, json);
            configMap.setData(data);
            configMap.getMetadata().setResourceVersion(expectedResourceVersion);
            client.configMaps().inNamespace(namespace).resource(configMap).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw KubernetesErrors.translate("update", "configmaps", e);
        }
    }
}
