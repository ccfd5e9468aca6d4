package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics count what the first full list found, by namespace, and record each Ready pod's start-up once, however
 * often its InferenceService's summary is derived again; a replaced pod is forgotten.
 */
class InventoryMetricsTest {

    @Test
    void whatTheFirstFullListFoundIsCountedByNamespaceAndItsReadyPodsOnce() {
        InventoryWatcher watcher = new InventoryWatcher(null, null, null, null, JsonMapper.builder().build(), null,
                Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new InventoryMetrics(watcher, new InferenceServiceInventory(watcher), registry, Clock.systemUTC());
        Inventory inventory = watcher.inventory();
        InventoryMemoryBenchmark.Stores stores = InventoryMemoryBenchmark.stores(inventory);
        int n = 200;
        InventoryMemoryBenchmark.fill(stores, n);
        inventory.markSynced();

        List<InferenceServiceSummary> all = inventory.all();
        assertThat(all).hasSize(n);
        String namespace = all.get(0).namespace();
        long inNamespace = all.stream().filter(s -> s.namespace().equals(namespace)).count();
        double counted = registry.find(InventoryMetrics.SERVICES).tag("namespace", namespace).gauges().stream()
                .mapToDouble(Gauge::value).sum();
        assertThat(counted).isEqualTo(inNamespace);
        assertThat(registry.find(InventoryMetrics.SERVICES).gauges().stream()
                .map(g -> g.getId().getTag("namespace")).distinct())
                .hasSize((int) all.stream().map(InferenceServiceSummary::namespace).distinct().count());

        long readyModelcarPods = all.stream().flatMap(s -> s.modelcar().pods().stream())
                .filter(p -> p.startupSeconds() != null && p.modelcarContainer()).count();
        assertThat(readyModelcarPods).as("the synthetic mix has Ready modelcar pods").isPositive();
        assertThat(startups(registry, "modelcar")).isEqualTo(readyModelcarPods);

        // the configuration changes: every summary is derived again, and no pod is recorded twice
        inventory.config(OciConfig.parse("{\"enableModelcar\": false}", null));
        assertThat(startups(registry, "modelcar")).isEqualTo(readyModelcarPods);

        // a Ready modelcar pod replaced by a new one: the new one is recorded once, the old one not again
        InferenceServiceSummary owner = all.stream().filter(s -> s.modelcar().pods().stream()
                .anyMatch(p -> p.startupSeconds() != null && p.modelcarContainer())).findFirst().orElseThrow();
        String oldPod = owner.modelcar().pods().get(0).name();
        Instant created = Instant.parse("2026-12-01T10:00:00Z");
        inventory.removePod(owner.namespace(), oldPod);
        inventory.putPod(PodFacts.builder(owner.namespace(), oldPod + "-next", owner.name()).phase("Running")
                .createdAt(created).readyAt(created.plusSeconds(7)).modelcarContainer(true)
                .shareProcessNamespace(true).build());
        assertThat(startups(registry, "modelcar")).isEqualTo(readyModelcarPods + 1);
        inventory.config(OciConfig.UNKNOWN);
        assertThat(startups(registry, "modelcar")).isEqualTo(readyModelcarPods + 1);
    }

    /**
     * During a scrape the inventory keeps changing (every pod and InferenceService update is a new revision): each
     * gauge reads counts the inventory keeps per namespace, never a list of every item, and they are exact.
     */
    @Test
    void aScrapeDuringChurnListsNoItemAndCountsExactly() {
        InventoryWatcher watcher = new InventoryWatcher(null, null, null, null, JsonMapper.builder().build(), null,
                Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new InventoryMetrics(watcher, new InferenceServiceInventory(watcher), registry, Clock.systemUTC());
        Inventory inventory = watcher.inventory();
        InventoryMemoryBenchmark.fill(InventoryMemoryBenchmark.stores(inventory), 200);
        inventory.markSynced();
        List<InferenceServiceSummary> all = inventory.all();
        List<Gauge> gauges = new ArrayList<>(registry.find(InventoryMetrics.SERVICES).gauges());
        gauges.addAll(registry.find(InventoryMetrics.WARNINGS).gauges());
        assertThat(gauges).hasSizeGreaterThan(17);

        long listedBefore = inventory.listed();
        int churn = 0;
        for (Gauge gauge : gauges) {
            // a change between any two reads, as under churn: a new revision each time
            inventory.putService(isvc(all.get(0).namespace(), "churn", "oci://q.io/a/m:" + churn++));
            gauge.value();
        }
        inventory.removeService(all.get(0).namespace(), "churn");
        assertThat(inventory.listed() - listedBefore).as("items listed during the scrape").isZero();

        for (Gauge gauge : gauges) {
            String namespace = gauge.getId().getTag("namespace");
            String verdict = gauge.getId().getTag("verdict");
            String code = gauge.getId().getTag("warning");
            long expected = all.stream().filter(s -> s.namespace().equals(namespace))
                    .filter(s -> verdict == null ? s.warnings().stream().anyMatch(w -> w.code().equals(code))
                            : s.verdict().equals(verdict))
                    .count();
            assertThat(gauge.value()).as(gauge.getId().toString()).isEqualTo(expected);
        }
    }

    /**
     * Short-lived namespaces (CI) come and go: when a namespace's last InferenceService is deleted its series go from
     * the registry (a gauge still held by a scrape reads 0), and it is registered again when it has one again.
     */
    @Test
    void aNamespaceWhoseLastInferenceServiceIsDeletedLosesItsSeries() {
        InventoryWatcher watcher = new InventoryWatcher(null, null, null, null, JsonMapper.builder().build(), null,
                Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new InventoryMetrics(watcher, new InferenceServiceInventory(watcher), registry, Clock.systemUTC());
        Inventory inventory = watcher.inventory();
        inventory.putService(isvc("keep", "m", "oci://q.io/a/m:latest"));
        inventory.markSynced();
        int baseline = registry.getMeters().size();
        int perNamespace = Verdicts.ALL.size() + InventoryMetrics.WARNING_CODES.size();

        inventory.putService(isvc("ci-1", "a", "oci://q.io/a/m:latest"));
        inventory.putService(isvc("ci-1", "b", "oci://q.io/a/m:1"));
        assertThat(registry.getMeters()).hasSize(baseline + perNamespace);
        Gauge held = registry.find(InventoryMetrics.WARNINGS).tags("namespace", "ci-1", "warning", "latest-tag")
                .gauge();
        assertThat(held.value()).isEqualTo(1);
        inventory.removeService("ci-1", "a");
        assertThat(registry.getMeters()).as("one InferenceService left").hasSize(baseline + perNamespace);
        inventory.removeService("ci-1", "b");
        assertThat(registry.find(InventoryMetrics.SERVICES).tag("namespace", "ci-1").gauges()).isEmpty();
        assertThat(registry.find(InventoryMetrics.WARNINGS).tag("namespace", "ci-1").gauges()).isEmpty();
        assertThat(registry.getMeters()).hasSize(baseline);
        assertThat(held.value()).as("a gauge a scrape still holds").isZero();

        for (int i = 0; i < 100; i++) {
            inventory.putService(isvc("ci-run-" + i, "m", "oci://q.io/a/m:latest"));
            inventory.removeService("ci-run-" + i, "m");
        }
        assertThat(registry.getMeters()).as("100 namespaces came and went").hasSize(baseline);

        inventory.putService(isvc("ci-1", "c", "oci://q.io/a/m:latest"));
        assertThat(registry.getMeters()).hasSize(baseline + perNamespace);
        assertThat(registry.find(InventoryMetrics.WARNINGS).tags("namespace", "ci-1", "warning", "latest-tag")
                .gauge().value()).as("registered again").isEqualTo(1);
    }

    static IsvcFacts isvc(String namespace, String name, String uri) {
        return new IsvcFacts(namespace, name, List.of(StorageUris.of("spec.predictor.model.storageUri", uri)), true,
                null, null, List.of(), null);
    }

    private static long startups(SimpleMeterRegistry registry, String kind) {
        return registry.find(InventoryMetrics.POD_STARTUP).tag("kind", kind).timer().count();
    }
}
