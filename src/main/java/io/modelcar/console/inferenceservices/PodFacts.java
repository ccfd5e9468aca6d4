package io.modelcar.console.inferenceservices;

import java.time.Instant;

/**
 * What the inventory needs to know about one pod of an InferenceService (label
 * {@code serving.kserve.io/inferenceservice}), taken from the pod by the class that watches the cluster.
 *
 * @param namespace             pod namespace
 * @param name                  pod name
 * @param inferenceService      value of the {@code serving.kserve.io/inferenceservice} label
 * @param phase                 pod phase
 * @param createdAt             creation timestamp
 * @param readyAt               when the Ready condition last became True, null while not Ready
 * @param modelcarContainer     a {@code modelcar*} container is present
 * @param modelcarInit          state of the {@code modelcar-init*} init container ({@code Waiting: ImagePullBackOff},
 *                              {@code Running}, {@code Terminated: Completed}, ...); null when absent
 * @param modelcarInitPresent   a {@code modelcar-init*} init container is present
 * @param modelcarPullError     the reason when a modelcar container or init container cannot pull its image
 *                              ({@code ErrImagePull}, {@code ImagePullBackOff}, {@code InvalidImageName}) or the init
 *                              check failed; null otherwise
 * @param shareProcessNamespace {@code spec.shareProcessNamespace}
 * @param storageInitializer    a {@code storage-initializer} init container is present
 * @param restarts              sum of container restart counts
 */
public record PodFacts(
        String namespace,
        String name,
        String inferenceService,
        String phase,
        Instant createdAt,
        Instant readyAt,
        boolean modelcarContainer,
        String modelcarInit,
        boolean modelcarInitPresent,
        String modelcarPullError,
        boolean shareProcessNamespace,
        boolean storageInitializer,
        int restarts) {

    /** Seconds from creation to Ready, or null while not Ready. */
    Long startupSeconds() {
        return createdAt == null || readyAt == null ? null
                : Math.max(0, readyAt.getEpochSecond() - createdAt.getEpochSecond());
    }

    boolean modelcarInjected() {
        return modelcarContainer && shareProcessNamespace;
    }
}
