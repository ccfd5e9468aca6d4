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

    /** A pod of {@code inferenceService}; every other fact starts absent (false, null, 0). */
    static Builder builder(String namespace, String name, String inferenceService) {
        return new Builder(namespace, name, inferenceService);
    }

    /** Names each fact: thirteen positional arguments read badly and swap silently. */
    static final class Builder {

        private final String namespace;
        private final String name;
        private final String inferenceService;
        private String phase;
        private Instant createdAt;
        private Instant readyAt;
        private boolean modelcarContainer;
        private String modelcarInit;
        private boolean modelcarInitPresent;
        private String modelcarPullError;
        private boolean shareProcessNamespace;
        private boolean storageInitializer;
        private int restarts;

        private Builder(String namespace, String name, String inferenceService) {
            this.namespace = namespace;
            this.name = name;
            this.inferenceService = inferenceService;
        }

        Builder phase(String phase) {
            this.phase = phase;
            return this;
        }

        Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        Builder readyAt(Instant readyAt) {
            this.readyAt = readyAt;
            return this;
        }

        Builder modelcarContainer(boolean modelcarContainer) {
            this.modelcarContainer = modelcarContainer;
            return this;
        }

        Builder modelcarInit(String modelcarInit) {
            this.modelcarInit = modelcarInit;
            return this;
        }

        Builder modelcarInitPresent(boolean modelcarInitPresent) {
            this.modelcarInitPresent = modelcarInitPresent;
            return this;
        }

        Builder modelcarPullError(String modelcarPullError) {
            this.modelcarPullError = modelcarPullError;
            return this;
        }

        Builder shareProcessNamespace(boolean shareProcessNamespace) {
            this.shareProcessNamespace = shareProcessNamespace;
            return this;
        }

        Builder storageInitializer(boolean storageInitializer) {
            this.storageInitializer = storageInitializer;
            return this;
        }

        Builder restarts(int restarts) {
            this.restarts = restarts;
            return this;
        }

        PodFacts build() {
            return new PodFacts(namespace, name, inferenceService, phase, createdAt, readyAt, modelcarContainer,
                    modelcarInit, modelcarInitPresent, modelcarPullError, shareProcessNamespace, storageInitializer,
                    restarts);
        }
    }
}
