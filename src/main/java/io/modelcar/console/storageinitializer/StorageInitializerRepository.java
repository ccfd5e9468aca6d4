package io.modelcar.console.storageinitializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcar.console.kubernetes.KubernetesErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

import org.springframework.stereotype.Component;

/**
 * The feature's one door to the cluster: reads {@code inferenceservice-config}, writes only its
 * {@code data.storageInitializer} locked to the resourceVersion that was read, and keeps the change history in a
 * ConfigMap of its own (also written with resourceVersion locking). Never writes on read.
 */
@Component
class StorageInitializerRepository {

    static final String KEY = "storageInitializer";
    static final String HISTORY_KEY = "entries";
    private static final Logger log = LoggerFactory.getLogger(StorageInitializerRepository.class);
    private static final int HISTORY_ATTEMPTS = 100;

    private final KubernetesClient client;

    StorageInitializerRepository(KubernetesClient client) {
        this.client = client;
    }

    StoredConfig read(String namespace, String name) {
        ConfigMap configMap = get(namespace, name);
        if (configMap == null) {
            throw StorageInitializerProblems.configMapNotFound(namespace, name);
        }
        ObjectMeta meta = configMap.getMetadata();
        List<Ownership.OwnerRef> owners = meta.getOwnerReferences() == null ? List.of()
                : meta.getOwnerReferences().stream()
                        .map(o -> new Ownership.OwnerRef(o.getApiVersion(), o.getKind(), o.getName())).toList();
        String raw = configMap.getData() == null ? null : configMap.getData().get(KEY);
        return new StoredConfig(namespace, name, meta.getResourceVersion(), raw, meta.getLabels(),
                meta.getAnnotations(), owners, configMap);
    }

    /**
     * Replaces {@code data.storageInitializer} only, if the ConfigMap is still at the version that was read: the
     * object read goes back with that one key changed and its resourceVersion, so the API server refuses (409) when
     * anything changed in between. Returns the new resourceVersion.
     */
    String write(StoredConfig stored, String newRaw) {
        ConfigMap configMap = new ConfigMapBuilder(stored.read()).build();
        Map<String, String> data = configMap.getData() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(configMap.getData());
        data.put(KEY, newRaw);
        configMap.setData(data);
        configMap.getMetadata().setResourceVersion(stored.resourceVersion());
        try {
            ConfigMap updated = client.configMaps().inNamespace(stored.namespace()).resource(configMap).update();
            return updated.getMetadata().getResourceVersion();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new StaleResourceVersion(stored.resourceVersion(),
                        currentVersion(stored.namespace(), stored.name()));
            }
            if (e.getCode() == 404) {
                throw StorageInitializerProblems.configMapNotFound(stored.namespace(), stored.name());
            }
            throw KubernetesErrors.translate("update", "configmaps", e);
        }
    }

    private String currentVersion(String namespace, String name) {
        ConfigMap configMap = get(namespace, name);
        return configMap == null ? null : configMap.getMetadata().getResourceVersion();
    }

    private ConfigMap get(String namespace, String name) {
        return KubernetesErrors.call("get", "configmaps",
                () -> client.configMaps().inNamespace(namespace).withName(name).get());
    }

    /** The history, newest first; empty when there is none yet. */
    List<HistoryEntry> history(String namespace, String historyConfigMap) {
        ConfigMap configMap = get(namespace, historyConfigMap);
        return entries(configMap);
    }

    private static List<HistoryEntry> entries(ConfigMap configMap) {
        if (configMap == null || configMap.getData() == null || configMap.getData().get(HISTORY_KEY) == null) {
            return List.of();
        }
        try {
            return ConfigJson.MAPPER.readValue(configMap.getData().get(HISTORY_KEY),
                    new TypeReference<List<HistoryEntry>>() {
                    });
        } catch (RuntimeException e) {
            log.warn("History ConfigMap {} holds no readable history; starting a new one",
                    configMap.getMetadata().getName());
            return List.of();
        }
    }

    /**
     * Adds an entry at the front, keeping at most {@code limit} entries and {@code maxBytes} of JSON. Locked to the
     * resourceVersion read, retried (with a little jitter) when another writer got there first.
     */
    void appendHistory(String namespace, String historyConfigMap, HistoryEntry entry, int limit, int maxBytes) {
        for (int attempt = 1; attempt <= HISTORY_ATTEMPTS; attempt++) {
            ConfigMap existing = get(namespace, historyConfigMap);
            List<HistoryEntry> entries = new ArrayList<>(entries(existing));
            entries.add(0, entry);
            String json = serialise(entries, limit, maxBytes);
            try {
                if (existing == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                            .withNewMetadata().withName(historyConfigMap).withNamespace(namespace)
                            .addToLabels("app.kubernetes.io/managed-by", "modelcar-console")
                            .addToLabels("app.kubernetes.io/component", "storage-initializer-history")
                            .endMetadata().addToData(HISTORY_KEY, json).build()).create();
                } else {
                    Map<String, String> data = existing.getData() == null ? new LinkedHashMap<>()
                            : new LinkedHashMap<>(existing.getData());
                    data.put(HISTORY_KEY, json);
                    existing.setData(data);
                    client.configMaps().inNamespace(namespace).resource(existing).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw KubernetesErrors.translate("update", "configmaps", e);
                }
                pause(attempt);
            }
        }
        throw new IllegalStateException("History ConfigMap stayed contended for " + HISTORY_ATTEMPTS + " attempts");
    }

    private static String serialise(List<HistoryEntry> entries, int limit, int maxBytes) {
        List<HistoryEntry> kept = new ArrayList<>(entries.subList(0, Math.min(limit, entries.size())));
        String json = ConfigJson.MAPPER.writeValueAsString(kept);
        // a ConfigMap's limit is in bytes: count the UTF-8 encoding, not Java's UTF-16 characters
        while (kept.size() > 1 && json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            kept.remove(kept.size() - 1);
            json = ConfigJson.MAPPER.writeValueAsString(kept);
        }
        return json;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(attempt, 20) * 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
