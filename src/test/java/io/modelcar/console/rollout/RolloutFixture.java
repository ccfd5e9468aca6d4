package io.modelcar.console.rollout;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.audit.AuditProperties;
import io.modelcar.console.environment.KServeWriteRule;
import io.modelcar.console.kubernetes.ControllerDeployments;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.sandbox.ControllerRolloutSimulation;
import io.modelcar.console.storageinitializer.KServeStorageInitializerCheck;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rollout feature wired by hand against its own in-memory API with a seeded KServe and the sandbox's rollout
 * simulation (fast timing), plus the {@code audit} log lines captured.
 */
final class RolloutFixture implements AutoCloseable {

    final MockKubernetesApi api = MockKubernetesApi.start();
    final KubernetesClient client = api.client();
    final JsonMapper json = JsonMapper.builder().build();
    final KubernetesProperties kubernetes = new KubernetesProperties(null, null, false, Duration.ofSeconds(5),
            null, "control-plane=kserve-controller-manager", "inferenceservice-config");
    final RolloutProperties properties;
    final ControllerCluster cluster = new ControllerCluster(client, kubernetes, new ControllerDeployments(client));
    final KServeDiscovery discovery = new KServeDiscovery(client, kubernetes, Clock.systemUTC());
    final MeterRegistry meters = new SimpleMeterRegistry();
    final RestartAudit audit = new RestartAudit(new AuditLog(client, new AuditProperties(true)),
            new RestartMetrics(meters));
    final RestartRecords records;
    final ControllerRolloutSimulation simulation;
    private final List<RestartTracker> trackers = new ArrayList<>();
    private final ListAppender<ILoggingEvent> auditLines = new ListAppender<>();

    RolloutFixture() {
        this("rollout");
    }

    RolloutFixture(String strategy) {
        properties = new RolloutProperties(strategy, Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(1), 2, Duration.ofSeconds(60), 20, "modelcar-console-restarts");
        records = new RestartRecords(cluster, discovery, properties, json);
        new KServeSeed(client).kserve(KServeSeed.CONTROLLER_IMAGE);
        simulation = new ControllerRolloutSimulation(client, KServeSeed.NAMESPACE, KServeSeed.CONTROLLER,
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(1500)).start();
        auditLines.start();
        ((Logger) LoggerFactory.getLogger(RestartAudit.LOGGER)).addAppender(auditLines);
    }

    RestartTracker tracker(String replica) {
        RestartTracker tracker = new RestartTracker(cluster, records, discovery, properties, audit, Clock.systemUTC(),
                replica);
        trackers.add(tracker);
        return tracker;
    }

    ControllerRestartService service() {
        return service(tracker("replica-a"));
    }

    ControllerRestartService service(RestartTracker tracker) {
        return service(tracker, records);
    }

    /** With the records' door given: a test can fail one step of the restart. */
    ControllerRestartService service(RestartTracker tracker, RestartRecords records) {
        return service(tracker, records, cluster);
    }

    /** With the cluster's door given as well: a test can lose the answer of a call that was made. */
    ControllerRestartService service(RestartTracker tracker, RestartRecords records, ControllerCluster cluster) {
        return new ControllerRestartService(cluster, discovery, records, tracker,
                new StartupConfigValidator(json, new KServeStorageInitializerCheck()), properties, audit,
                Clock.systemUTC(), KServeWriteRule.NONE);
    }

    /** Replaces one data key of inferenceservice-config (rv-guarded edit). */
    void setConfig(String key, String value) {
        client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put(key, value);
            return cm;
        });
    }

    void removeConfig(String key) {
        client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().remove(key);
            return cm;
        });
    }

    /** The audit lines so far, parsed. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> auditLines() {
        return auditLines.list.stream().map(e -> (Map<String, Object>) json.readValue(e.getFormattedMessage(),
                Map.class)).toList();
    }

    @Override
    public void close() {
        ((Logger) LoggerFactory.getLogger(RestartAudit.LOGGER)).detachAppender(auditLines);
        trackers.forEach(RestartTracker::destroy);
        simulation.close();
        api.close();
    }
}
