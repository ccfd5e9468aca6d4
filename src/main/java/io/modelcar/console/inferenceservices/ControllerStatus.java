package io.modelcar.console.inferenceservices;

import io.modelcar.console.kubernetes.ControllerDeployment;

/**
 * The KServe controller Deployment as the overview and {@code GET /api/v1/kserve} show it: its health, from the one
 * {@link ControllerDeployment} reader.
 *
 * @param deployment    Deployment name, null when not found
 * @param replicas      desired replicas
 * @param readyReplicas ready replicas
 * @param paused        {@code spec.paused}
 */
public record ControllerStatus(String deployment, Integer replicas, Integer readyReplicas, boolean paused) {

    static final ControllerStatus NOT_FOUND = new ControllerStatus(null, null, null, false);

    static ControllerStatus of(ControllerDeployment deployment) {
        return new ControllerStatus(deployment.name(), deployment.desiredReplicas(), deployment.readyReplicas(),
                deployment.paused());
    }

    public boolean healthy() {
        return deployment != null && replicas != null && readyReplicas != null && readyReplicas >= replicas
                && replicas > 0;
    }
}
