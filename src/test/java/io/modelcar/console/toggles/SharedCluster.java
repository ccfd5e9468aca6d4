package io.modelcar.console.toggles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.KServeSeed;

/**
 * End-to-end tests share one seeded API per JVM: these helpers put back what a toggle test changed, and derive the
 * expected impact straight from the seed's YAML.
 */
final class SharedCluster {

    private SharedCluster() {
    }

    /** {@code namespace/name} of every sample InferenceService with an {@code oci://} URI anywhere in its spec. */
    static TreeSet<String> seededOciUsers() {
        TreeSet<String> users = new TreeSet<>();
        for (GenericKubernetesResource isvc : KServeSeed.sampleInferenceServices()) {
            List<String> strings = new ArrayList<>();
            strings(isvc.getAdditionalProperties().get("spec"), strings);
            if (strings.stream().anyMatch(s -> s.startsWith("oci://"))) {
                users.add(isvc.getMetadata().getNamespace() + "/" + isvc.getMetadata().getName());
            }
        }
        return users;
    }

    private static void strings(Object value, List<String> into) {
        if (value instanceof String s) {
            into.add(s);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> strings(v, into));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> strings(v, into));
        }
    }

    static String storedRaw(KubernetesClient client) {
        return client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get().getData()
                .get("storageInitializer");
    }

    /** Puts the stored value back as it was (as kubectl would) and forgets pending timed flips. */
    static void restore(KubernetesClient client, String raw) {
        client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("storageInitializer", raw);
            return cm;
        });
        client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName("modelcar-console-toggles").delete();
    }
}
