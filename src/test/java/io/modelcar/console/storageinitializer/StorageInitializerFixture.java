package io.modelcar.console.storageinitializer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.environment.KServeWriteRule;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A fresh mock API seeded with KServe and the feature's service wired to it, as the application wires it. */
public final class StorageInitializerFixture implements AutoCloseable {

    final MockKubernetesApi api = MockKubernetesApi.start();
    final KubernetesClient client = api.client();
    final StorageInitializerService service;
    /** The service's meters (config writes, conflicts retried). */
    final MeterRegistry meters = new SimpleMeterRegistry();

    StorageInitializerFixture() {
        this(KServeSeed.CONTROLLER_IMAGE);
    }

    StorageInitializerFixture(String controllerImage) {
        this(controllerImage, StorageInitializerProperties.defaults(), true);
    }

    StorageInitializerFixture(String controllerImage, StorageInitializerProperties settings, boolean events) {
        new KServeSeed(client).kserve(controllerImage);
        KubernetesProperties properties = new KubernetesProperties(null, null, false, Duration.ofSeconds(10), null,
                "control-plane=kserve-controller-manager", KServeSeed.CONFIG_MAP);
        service = service(client, new KServeDiscovery(client, properties, Clock.systemUTC()),
                new AuditLog(client, new io.modelcar.console.audit.AuditProperties(events)), settings,
                new StorageInitializerMetrics(meters), Clock.systemUTC());
    }

    /**
     * The service wired to a cluster outside Spring, without production's write rule: for tests of other features
     * that run several console instances against one API, with a controlled clock.
     */
    public static StorageInitializerService service(KubernetesClient client, KServeDiscovery discovery, AuditLog audit,
            StorageInitializerProperties settings, StorageInitializerMetrics metrics, Clock clock) {
        return new StorageInitializerService(discovery, new StorageInitializerRepository(client), audit, settings,
                metrics, clock, KServeWriteRule.NONE);
    }

    ConfigMap configMap() {
        return client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get();
    }

    String resourceVersion() {
        return configMap().getMetadata().getResourceVersion();
    }

    String raw() {
        return configMap().getData().get("storageInitializer");
    }

    /** Changes the stored value behind the console's back, as kubectl would. */
    void storeRaw(String raw) {
        client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP)
                .edit(cm -> {
                    cm.getData().put("storageInitializer", raw);
                    return cm;
                });
    }

    ObjectNode config() {
        return (ObjectNode) ConfigJson.parse(raw()).value();
    }

    static JsonNode json(String text) {
        return ConfigJson.parse(text).value();
    }

    /** Every PUT or PATCH the mock API received for a ConfigMap. */
    List<String> configMapWriteBodies() {
        return api.requests().stream()
                .filter(r -> "PUT".equals(r.getMethod()) || "PATCH".equals(r.getMethod()))
                .filter(r -> r.getPath().contains("/configmaps/"))
                .map(r -> r.getUtf8Body()).toList();
    }

    Map<String, String> data() {
        return configMap().getData();
    }

    @Override
    public void close() {
        api.close();
    }
}
