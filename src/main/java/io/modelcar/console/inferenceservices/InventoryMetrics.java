package io.modelcar.console.inferenceservices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What the inventory knows, as Prometheus metrics: InferenceServices per namespace by verdict and by warning
 * (gauges read from the informer cache, never from the API server), start-up times of modelcar and
 * storage-initializer pods (histograms, each Ready pod recorded once), the inventory's freshness and the KServe
 * controller's readiness. Labels stay bounded: namespace, verdict, warning code, pod kind; never an
 * InferenceService's name.
 */
@Component
class InventoryMetrics {

    static final String SERVICES = "modelcar_console_inferenceservices";
    static final String WARNINGS = "modelcar_console_inferenceservice_warnings";
    static final String POD_STARTUP = "modelcar_console_pod_startup_seconds";
    /**
     * Warning codes with a series in every namespace that has InferenceServices (0 when absent), so alerts and
     * panels need no absent(); a namespace's series go with its last InferenceService.
     */
    static final List<String> WARNING_CODES = List.of(Warning.LATEST_TAG, Warning.UNTAGGED,
            Warning.INVALID_REFERENCE, Warning.UPPERCASE, Warning.MODELCAR_DISABLED, Warning.IMAGE_PULL_ERROR,
            Warning.UNSUPPORTED_SCHEME, Warning.MODELCAR_NOT_INJECTED);
    private static final Duration[] STARTUP_BUCKETS = {Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600), Duration.ofSeconds(1200)};

    private final InventoryWatcher watcher;
    private final MeterRegistry registry;
    private final Clock clock;
    /** The gauges of each namespace that has InferenceServices; only the inventory's change listener writes it. */
    private final Map<String, List<Meter>> namespaces = new ConcurrentHashMap<>();
    /** Pods whose start-up time was recorded, per InferenceService key: each pod counts once. */
    private final Map<String, List<String>> recordedPods = new ConcurrentHashMap<>();
    private final Timer modelcarStartup;
    private final Timer initializerStartup;

    InventoryMetrics(InventoryWatcher watcher, InferenceServiceInventory inventory, MeterRegistry registry,
            Clock clock) {
        this.watcher = watcher;
        this.clock = clock;
        this.registry = registry;
        this.modelcarStartup = startupTimer("modelcar");
        this.initializerStartup = startupTimer("storage-initializer");
        Gauge.builder("modelcar_console_inventory_synced", () -> watcher.state().synced() ? 1 : 0)
                .description("1 once the inventory has its first full list of InferenceServices and pods")
                .register(registry);
        Gauge.builder("modelcar_console_inventory_stale", () -> watcher.state().stale() ? 1 : 0)
                .description("1 while the watch on the API server is broken and the inventory may be out of date")
                .register(registry);
        Gauge.builder("modelcar_console_inventory_age_seconds", this::ageSeconds).baseUnit("seconds")
                .description("How old the inventory's data is: 0 while the watch is healthy, growing while stale")
                .register(registry);
        Gauge.builder("modelcar_console_inventory_initial_sync_seconds", this::initialSyncSeconds)
                .baseUnit("seconds")
                .description("Time from starting the watches to the first full list (NaN until synced)")
                .register(registry);
        Gauge.builder("modelcar_console_kserve_controller_ready", () -> inventory.controller().healthy() ? 1 : 0)
                .description("1 when the KServe controller Deployment has all its replicas ready")
                .register(registry);
        inventory.onChange(this::changed);
    }

    private Timer startupTimer(String kind) {
        return Timer.builder(POD_STARTUP).tag("kind", kind)
                .description("Seconds from pod creation to Ready, modelcar pods vs storage-initializer pods")
                .serviceLevelObjectives(STARTUP_BUCKETS)
                .register(registry);
    }

    /**
     * Called for every change of the inventory (the first full list's too), under its lock, after its counts moved:
     * cheap bookkeeping. A namespace's gauges are registered with its first InferenceService and removed with its
     * last (short-lived namespaces, e.g. CI's, leave no series behind); one that has InferenceServices again is
     * registered again. A scrape that still holds a removed gauge reads 0.
     */
    private void changed(Inventory.Change change) {
        String namespace = change.namespace();
        if (namespace == null) {
            return;
        }
        String key = Inventory.key(namespace, change.name());
        if ("DELETED".equals(change.type())) {
            recordedPods.remove(key);
            if (watcher.inventory().size(namespace) == 0) {
                List<Meter> gauges = namespaces.remove(namespace);
                if (gauges != null) {
                    gauges.forEach(registry::remove);
                }
            }
            return;
        }
        if (!namespaces.containsKey(namespace)) {
            namespaces.put(namespace, registerNamespace(namespace));
        }
        InferenceServiceSummary summary = watcher.inventory().get(change.namespace(), change.name());
        if (summary != null) {
            recordStartups(key, summary);
        }
    }

    /**
     * Records each Ready pod's start-up once: the pods recorded are kept per InferenceService while they exist (a
     * pod that turns unready and Ready again is not recorded twice; a replaced pod is forgotten), in an immutable
     * list of usually one name (a set per InferenceService took about 300 bytes each, 15 MB at 50,000).
     */
    private void recordStartups(String key, InferenceServiceSummary summary) {
        List<String> before = recordedPods.getOrDefault(key, List.of());
        List<String> kept = new ArrayList<>(1);
        for (InferenceServiceSummary.PodEvidence pod : summary.modelcar().pods()) {
            if (before.contains(pod.name())) {
                kept.add(pod.name());
            } else if (pod.startupSeconds() != null && (pod.modelcarContainer() || pod.storageInitializer())) {
                kept.add(pod.name());
                (pod.modelcarContainer() ? modelcarStartup : initializerStartup)
                        .record(Duration.ofSeconds(pod.startupSeconds()));
            }
        }
        if (kept.isEmpty()) {
            recordedPods.remove(key);
        } else if (!kept.equals(before)) {
            recordedPods.put(key, List.copyOf(kept));
        }
    }

    /**
     * The namespace's gauges, each reading a count the inventory keeps per namespace and index key: a scrape costs
     * the gauges, not a pass over every InferenceService per gauge (the inventory changes between two reads).
     */
    private List<Meter> registerNamespace(String namespace) {
        Inventory inventory = watcher.inventory();
        List<Meter> gauges = new ArrayList<>(Verdicts.ALL.size() + WARNING_CODES.size());
        for (String verdict : Verdicts.ALL) {
            String key = SharedStrings.share("v:" + verdict);
            gauges.add(Gauge.builder(SERVICES, () -> inventory.count(namespace, key))
                    .description("InferenceServices per namespace by modelcar verdict")
                    .tags("namespace", namespace, "verdict", verdict).register(registry));
        }
        for (String code : WARNING_CODES) {
            String key = SharedStrings.share("w:" + code);
            gauges.add(Gauge.builder(WARNINGS, () -> inventory.count(namespace, key))
                    .description("InferenceServices per namespace with this warning")
                    .tags("namespace", namespace, "warning", code).register(registry));
        }
        return List.copyOf(gauges);
    }

    private double ageSeconds() {
        InventoryState state = watcher.state();
        Instant asOf = state.asOf();
        return asOf == null ? Double.NaN : Math.max(0, Duration.between(asOf, clock.instant()).toMillis() / 1000.0);
    }

    private double initialSyncSeconds() {
        Duration sync = watcher.initialSync();
        return sync == null ? Double.NaN : sync.toMillis() / 1000.0;
    }
}
