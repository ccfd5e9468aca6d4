package io.modelcar.console.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.modelcar.console.inferenceservices.ControllerStatus;
import io.modelcar.console.inferenceservices.InventoryState;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/fleet}: every cluster side by side, and how their {@code storageInitializer} values differ.
 *
 * @param at          when it was put together
 * @param clusters    one entry per cluster, the default first
 * @param differences the keys whose values are not the same on every cluster whose configuration could be read
 */
public record FleetOverview(Instant at, List<ClusterOverview> clusters, List<KeyDifference> differences) {

    /**
     * One cluster.
     *
     * @param name                  its name
     * @param defaultCluster        whether the unprefixed paths address it
     * @param environment           test, staging or production
     * @param reachable             whether its API server answered
     * @param lastError             why not, else null
     * @param kserveVersion         KServe version, null when unknown
     * @param namespace             the KServe namespace, null when unknown
     * @param modelcarEnabled       whether a bare {@code oci://} gets modelcars (null until known)
     * @param ociModelMode          the OCI mode, null when OCI is off or unknown
     * @param controller            the controller Deployment
     * @param controllerHealthy     all of its replicas ready
     * @param inferenceServices     how many InferenceServices the inventory holds
     * @param byVerdict             InferenceServices per verdict
     * @param byWarning             InferenceServices per warning
     * @param inventory             the inventory's freshness (stale while its watch is broken)
     * @param resourceVersion       the ConfigMap's resourceVersion the configuration was read at, null if unread
     * @param storageInitializer    the parsed {@code storageInitializer} value, null when unread or not JSON
     */
    public record ClusterOverview(String name, boolean defaultCluster, String environment, boolean reachable,
            String lastError, String kserveVersion, String namespace, Boolean modelcarEnabled, String ociModelMode,
            ControllerStatus controller, boolean controllerHealthy, int inferenceServices,
            Map<String, Integer> byVerdict, Map<String, Integer> byWarning, InventoryState inventory,
            String resourceVersion, JsonNode storageInitializer) {
    }

    /**
     * One {@code storageInitializer} key that differs between clusters.
     *
     * @param key      the key
     * @param values   its value per cluster that has it
     * @param absentIn the clusters whose value lacks the key
     */
    public record KeyDifference(String key, Map<String, JsonNode> values, List<String> absentIn) {
    }
}
