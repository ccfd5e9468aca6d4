package io.modelcar.console.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.modelcar.console.clusters.ClusterContexts;
import io.modelcar.console.environment.EnvironmentService;
import io.modelcar.console.inferenceservices.InferenceServiceInventory;
import io.modelcar.console.inferenceservices.InventoryOverview;
import io.modelcar.console.inferenceservices.OciConfig;
import io.modelcar.console.kubernetes.ClusterState;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.storageinitializer.StorageInitializerService;
import io.modelcar.console.storageinitializer.StorageInitializerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The fleet seen at once, as far as the user may see it (clusters where their role is {@code none} are left out): each
 * cluster read by its own services, all at the same time, each within a deadline, so that a cluster that does not
 * answer is shown as unreachable and never holds up the others.
 */
@Service
class FleetService implements DisposableBean {

    /** How long one cluster may take to answer for the fleet's pages and API. */
    static final Duration PER_CLUSTER_DEADLINE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(FleetService.class);

    private final ClusterContexts clusters;
    private final Clock clock;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fleet-read");
        thread.setDaemon(true);
        return thread;
    });

    private final ReadsInFlight reads = new ReadsInFlight(executor);

    FleetService(ClusterContexts clusters, Clock clock) {
        this.clusters = clusters;
        this.clock = clock;
    }

    List<ClusterSummary> summaries() {
        return eachCluster("summary", this::summary, name -> new ClusterSummary(name,
                name.equals(clusters.defaultName()), null, false, null, late()));
    }

    FleetOverview overview() {
        List<FleetOverview.ClusterOverview> all = eachCluster("overview", this::overview, name -> unanswered(name));
        return new FleetOverview(clock.instant(), all, differences(all));
    }

    /** {@code read} of each visible cluster, in parallel; {@code late} for one that fails or is past the deadline. */
    private <T> List<T> eachCluster(String kind, Function<String, T> read, Function<String, T> late) {
        List<String> names = clusters.visibleNames();
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (String name : names) {
            futures.add(reads.read(kind + " " + name, () -> read.apply(name))
                    .completeOnTimeout(null, PER_CLUSTER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(e -> {
                        log.warn("Cluster {} could not be read for the fleet ({})", name,
                                e.getClass().getSimpleName());
                        return null;
                    }));
        }
        List<T> results = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            T result = futures.get(i).join();
            results.add(result != null ? result : late.apply(names.get(i)));
        }
        return results;
    }

    private ClusterSummary summary(String name) {
        ClusterState state = clusters.bean(name, ClusterState.class);
        String environment = clusters.bean(name, EnvironmentService.class).current().id();
        String version = null;
        try {
            version = clusters.bean(name, KServeDiscovery.class).installation().versionText();
        } catch (RuntimeException e) {
            log.debug("KServe of cluster {} not found ({})", name, e.getClass().getSimpleName());
        }
        return new ClusterSummary(name, name.equals(clusters.defaultName()), environment, state.reachable(),
                version, state.lastError().orElse(null));
    }

    private FleetOverview.ClusterOverview overview(String name) {
        ClusterSummary summary = summary(name);
        KServeInstallation installation = null;
        try {
            installation = clusters.bean(name, KServeDiscovery.class).installation();
        } catch (RuntimeException e) {
            log.debug("KServe of cluster {} not found ({})", name, e.getClass().getSimpleName());
        }
        InferenceServiceInventory inventory = clusters.bean(name, InferenceServiceInventory.class);
        InventoryOverview counts = inventory.overview();
        OciConfig oci = inventory.ociConfig();
        StorageInitializerView config = null;
        try {
            config = clusters.bean(name, StorageInitializerService.class).current();
        } catch (RuntimeException e) {
            log.debug("storageInitializer of cluster {} not read ({})", name, e.getClass().getSimpleName());
        }
        ClusterState state = clusters.bean(name, ClusterState.class);
        return new FleetOverview.ClusterOverview(name, summary.defaultCluster(), summary.environment(),
                state.reachable(), state.lastError().orElse(null), summary.kserveVersion(),
                installation == null ? null : installation.namespace(),
                oci.known() ? oci.modelcarEnabled() : null, oci.mode().isEmpty() ? null : oci.mode(),
                inventory.controller(), inventory.controller().healthy(), counts.total(), counts.byVerdict(),
                counts.byWarning(), counts.state(), config == null ? null : config.resourceVersion(),
                config == null ? null : config.config());
    }

    /** What a cluster that did not answer within the deadline shows. */
    private FleetOverview.ClusterOverview unanswered(String name) {
        return new FleetOverview.ClusterOverview(name, name.equals(clusters.defaultName()), null, false, late(), null,
                null, null, null, null, false, 0, Map.of(), Map.of(), null, null, null);
    }

    private static String late() {
        return "no answer within " + PER_CLUSTER_DEADLINE.toSeconds() + " s";
    }

    /** The keys whose values differ between the clusters whose configuration was read, in first-seen order. */
    static List<FleetOverview.KeyDifference> differences(List<FleetOverview.ClusterOverview> all) {
        List<FleetOverview.ClusterOverview> read = all.stream().filter(c -> c.storageInitializer() != null
                && c.storageInitializer().isObject()).toList();
        Set<String> keys = new LinkedHashSet<>();
        read.forEach(c -> keys.addAll(c.storageInitializer().propertyNames()));
        List<FleetOverview.KeyDifference> differences = new ArrayList<>();
        for (String key : keys) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            List<String> absent = new ArrayList<>();
            for (FleetOverview.ClusterOverview cluster : read) {
                JsonNode value = cluster.storageInitializer().get(key);
                if (value == null) {
                    absent.add(cluster.name());
                } else {
                    values.put(cluster.name(), value);
                }
            }
            boolean same = absent.isEmpty() && values.values().stream().distinct().count() <= 1;
            if (!same && !(values.isEmpty())) {
                differences.add(new FleetOverview.KeyDifference(key, values, absent));
            }
        }
        return differences;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
