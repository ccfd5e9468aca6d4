package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * What KServe and the API server really did with one InferenceService: admitted or refused, reconciled into a
 * Deployment or failed, and what the pod webhook made of a pod of that Deployment (created with
 * {@code dryRun=All}: admission runs, defaults are applied, nothing is stored).
 *
 * @param outcome            (an OCI URI is one KServe's case-sensitive {@code ParseOciScheme} takes for one)
 *                           {@code rejected}, {@code not-reconciled}, {@code pod-refused}, {@code modelcar},
 *                           {@code native}, {@code storage-initializer-oci}, {@code storage-initializer},
 *                           {@code none}
 * @param detail             the refusal or failure message, or the pod's storage containers
 * @param pod                the mutated pod, or null
 * @param modelcarPullPolicy the imagePullPolicy of the modelcar container (after API server defaulting), or null
 * @param imageVolumePolicy  the pullPolicy of the OCI image volume (native mode), or null
 * @param modelcarUid        runAsUser of the modelcar container, or null
 * @param serverUid          runAsUser of the {@code kserve-container} (KServe sets it with the modelcar's), or null
 */
record KServeObservation(String outcome, String detail, Pod pod, String modelcarPullPolicy, String imageVolumePolicy,
        Long modelcarUid, Long serverUid) {

    static KServeObservation rejected(String message) {
        return new KServeObservation("rejected", message, null, null, null, null, null);
    }

    static KServeObservation notReconciled(String message) {
        return new KServeObservation("not-reconciled", message, null, null, null, null, null);
    }

    static KServeObservation podRefused(String message) {
        return new KServeObservation("pod-refused", message, null, null, null, null, null);
    }

    /** Classifies the mutated pod. */
    static KServeObservation of(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of()
                : pod.getSpec().getInitContainers();
        Container modelcar = containers.stream().filter(c -> c.getName().startsWith("modelcar")).findFirst()
                .orElse(null);
        Volume image = pod.getSpec().getVolumes() == null ? null : pod.getSpec().getVolumes().stream()
                .filter(v -> v.getImage() != null).findFirst().orElse(null);
        Container initializer = inits.stream().filter(c -> "storage-initializer".equals(c.getName())).findFirst()
                .orElse(null);
        List<String> parts = new ArrayList<>();
        containers.stream().map(Container::getName).filter(n -> !"kserve-container".equals(n))
                .forEach(n -> parts.add(n));
        inits.forEach(c -> parts.add("init:" + c.getName()));
        if (image != null) {
            parts.add("image-volume:" + image.getImage().getReference());
        }
        if (Boolean.TRUE.equals(pod.getSpec().getShareProcessNamespace())) {
            parts.add("shareProcessNamespace");
        }
        String outcome;
        if (modelcar != null) {
            outcome = "modelcar";
        } else if (image != null) {
            outcome = "native";
        } else if (initializer != null) {
            boolean oci = initializer.getArgs() != null
                    && initializer.getArgs().stream().anyMatch(a -> a.startsWith("oci://") || a.startsWith("oci+"));
            outcome = oci ? "storage-initializer-oci" : "storage-initializer";
        } else {
            outcome = "none";
        }
        Container server = containers.stream().filter(c -> "kserve-container".equals(c.getName())).findFirst()
                .orElse(null);
        return new KServeObservation(outcome, String.join(",", parts), pod,
                modelcar == null ? null : modelcar.getImagePullPolicy(),
                image == null ? null : image.getImage().getPullPolicy(), runAsUser(modelcar), runAsUser(server));
    }

    private static Long runAsUser(Container container) {
        return container == null || container.getSecurityContext() == null ? null
                : container.getSecurityContext().getRunAsUser();
    }
}
