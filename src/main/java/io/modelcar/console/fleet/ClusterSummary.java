package io.modelcar.console.fleet;

/**
 * One cluster of {@code GET /api/v1/clusters}.
 *
 * @param name          its name (in {@code /api/v1/clusters/{name}/...} and {@code /clusters/{name}/...})
 * @param defaultCluster whether today's unprefixed paths address it
 * @param environment   test, staging or production (its KServe namespace's label, else its configured default)
 * @param reachable     whether its API server answered the last request
 * @param kserveVersion KServe version from its controller image, null when unknown
 * @param lastError     why it is not reachable (a short reason, never a response body), else null
 */
public record ClusterSummary(String name, boolean defaultCluster, String environment, boolean reachable,
        String kserveVersion, String lastError) {
}
