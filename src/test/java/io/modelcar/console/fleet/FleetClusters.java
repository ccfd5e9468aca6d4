package io.modelcar.console.fleet;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Remote clusters for fleet tests: in-memory API servers seeded like the default one, with values of their own. */
final class FleetClusters {

    private FleetClusters() {
    }

    /** A seeded API whose storageInitializer has {@code memoryLimit} set to {@code memoryLimit}. */
    static MockKubernetesApi seeded(String memoryLimit) {
        MockKubernetesApi api = MockKubernetesApi.start();
        new KServeSeed(api.client()).all();
        setStorageInitializer(api, KServeSeed.configMap().getData().get("storageInitializer")
                .replace("\"memoryLimit\": \"1Gi\"", "\"memoryLimit\": \"" + memoryLimit + "\""));
        return api;
    }

    static void setStorageInitializer(MockKubernetesApi api, String raw) {
        ConfigMap current = api.client().configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName(KServeSeed.CONFIG_MAP).get();
        current.getData().put("storageInitializer", raw);
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).resource(current).update();
    }

    static String storageInitializer(MockKubernetesApi api) {
        return api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get()
                .getData().get("storageInitializer");
    }

    /** Registers {@code api} as remote cluster number {@code index}, named {@code name}, of class {@code environment}. */
    static void register(DynamicPropertyRegistry registry, int index, String name, MockKubernetesApi api,
            String environment, Map<String, String> userRoles) {
        String prefix = "console.clusters.remote[" + index + "].";
        registry.add(prefix + "name", () -> name);
        registry.add(prefix + "master-url", api::url);
        registry.add(prefix + "environment", () -> environment);
        userRoles.forEach((user, role) -> registry.add(prefix + "roles.users." + user, () -> role));
    }
}
