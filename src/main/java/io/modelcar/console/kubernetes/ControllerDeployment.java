package io.modelcar.console.kubernetes;

import java.time.Instant;

/**
 * What the console knows of the KServe controller Deployment, read by {@link ControllerDeployments} (no fabric8 types
 * beyond the door): the overview's health and the rollout feature's restarts read the same record.
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

    /** The pod template annotation {@code kubectl rollout restart} sets. */
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    /** Kubernetes' default {@code spec.progressDeadlineSeconds}. */
    public static final int DEFAULT_PROGRESS_DEADLINE = 600;

    /** A Deployment condition. */
    public record Condition(String status, String reason, String message, Instant lastUpdate) {
    }

    public boolean progressDeadlineExceeded() {
        return progressing != null && "ProgressDeadlineExceeded".equals(progressing.reason());
    }
}
