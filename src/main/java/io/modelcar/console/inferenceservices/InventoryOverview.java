package io.modelcar.console.inferenceservices;

import java.util.List;
import java.util.Map;

/**
 * What the overview page shows about the InferenceServices.
 *
 * @param total      number of InferenceServices
 * @param oci        how many use an OCI storage URI
 * @param byVerdict  count per verdict, most urgent first (zero counts included)
 * @param byWarning  count of InferenceServices per warning code
 * @param startup    start-up times of modelcar pods vs storage-initializer pods
 * @param config     the OCI settings read from storageInitializer
 * @param state      freshness of the data
 */
public record InventoryOverview(int total, int oci, Map<String, Integer> byVerdict, Map<String, Integer> byWarning,
        List<StartupStats> startup, OciConfig config, InventoryState state) {

    /**
     * Seconds from pod creation to Ready for one kind of pod.
     *
     * @param kind   {@code modelcar} or {@code storage-initializer}
     * @param pods   how many Ready pods were measured
     * @param median median seconds, null without pods
     * @param p90    90th percentile seconds, null without pods
     * @param mean   mean seconds, null without pods
     */
    public record StartupStats(String kind, int pods, Long median, Long p90, Long mean) {
    }
}
