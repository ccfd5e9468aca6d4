package io.modelcar.console.inferenceservices;

/**
 * The KServe controller Deployment as the overview and {@code GET /api/v1/kserve} show it.
 *
 * @param deployment    Deployment name, null when not found
 * @param replicas      desired replicas
 * @param readyReplicas ready replicas
 * @param paused        {@code spec.paused}
 */
public record ControllerStatus(String deployment, Integer replicas, Integer readyReplicas, boolean paused) {

    public boolean healthy() {
        return deployment != null && replicas != null && readyReplicas != null && readyReplicas >= replicas
                && replicas > 0;
    }
}
