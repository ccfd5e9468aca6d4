package io.modelcar.console.toggles;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.environment.EnvironmentService;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.storageinitializer.StorageInitializerFixture;
import io.modelcar.console.storageinitializer.StorageInitializerMetrics;
import io.modelcar.console.storageinitializer.StorageInitializerProperties;
import io.modelcar.console.storageinitializer.StorageInitializerService;
import io.modelcar.console.testsupport.KServeSeed;

/**
 * One console replica wired as the application wires it, against a shared mock API: several of these model
 * replicas racing, or a console restarted (a new instance reading what the old one stored).
 */
final class ConsoleInstance {

    final StorageInitializerService storage;
    final EnvironmentService environment;
    final ToggleService toggles;
    final ToggleExpiry expiry;
    /** This instance's meters (config writes, toggle flips, pending expiries). */
    final MeterRegistry meters = new SimpleMeterRegistry();

    ConsoleInstance(KubernetesClient client, Clock clock, List<OciUser> ociUsers) {
        this(client, clock, ociUsers, actor -> {
            throw new IllegalStateException("no restarts in this test");
        });
    }

    ConsoleInstance(KubernetesClient client, Clock clock, List<OciUser> ociUsers, ToggleService.Restarter restarter) {
        this(client, clock, ociUsers, restarter, new ToggleRecords(client));
    }

    /** With the records' door given: a test can act between two steps of this replica. */
    ConsoleInstance(KubernetesClient client, Clock clock, List<OciUser> ociUsers, ToggleService.Restarter restarter,
            ToggleRecords records) {
        KubernetesProperties properties = new KubernetesProperties(null, null, false, Duration.ofSeconds(10), null,
                "control-plane=kserve-controller-manager", KServeSeed.CONFIG_MAP);
        KServeDiscovery discovery = new KServeDiscovery(client, properties, Clock.systemUTC());
        AuditLog audit = new AuditLog(client, new io.modelcar.console.audit.AuditProperties(true));
        storage = StorageInitializerFixture.service(client, discovery, audit, StorageInitializerProperties.defaults(),
                new StorageInitializerMetrics(meters), clock);
        ToggleMetrics metrics = new ToggleMetrics(meters);
        environment = new EnvironmentService(client, discovery, "test", clock);
        toggles = new ToggleService(storage, environment, discovery, records, audit, ToggleProperties.defaults(),
                () -> ociUsers, restarter, metrics, clock);
        expiry = new ToggleExpiry(storage, discovery, records, audit, ToggleProperties.defaults(), metrics, clock);
    }
}
