package io.modelcar.console.rollout;

import java.time.Instant;

/**
 * What the console knows of the controller Deployment, read from the cluster (no fabric8 types beyond the door).
 *
 * @param restartedAt              the pod template's {@code kubectl.kubernetes.io/restartedAt}, or null
 * @param progressing              the Progressing condition, or null
 * @param progressDeadlineSeconds  {@code spec.progressDeadlineSeconds} (Kubernetes defaults it to 600)
 */
public record ControllerDeployment(
        String namespace,
        String name,
        long generation,
        long observedGeneration,
        int desiredReplicas,
        int replicas,
        int updatedReplicas,
        int readyReplicas,
        int availableReplicas,
        boolean paused,
        String restartedAt,
        Condition progressing,
        int progressDeadlineSeconds) {

    /** A Deployment condition. */
    public record Condition(String status, String reason, String message, Instant lastUpdate) {
    }

    public boolean progressDeadlineExceeded() {
        return progressing != null && "ProgressDeadlineExceeded".equals(progressing.reason());
    }
}
