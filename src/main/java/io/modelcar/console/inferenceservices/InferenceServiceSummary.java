package io.modelcar.console.inferenceservices;

import java.util.List;

/**
 * One InferenceService as the API and the pages show it.
 *
 * @param namespace      namespace
 * @param name           name
 * @param ready          the Ready condition: true, false, or null when unknown
 * @param url            {@code status.url}
 * @param deploymentMode {@code status.deploymentMode}, or the deployment-mode annotation
 * @param storage        every storage URI found anywhere KServe reads one
 * @param modelcar       whether modelcars are expected, and the pod evidence
 * @param warnings       every warning: the storage URIs' and those about the whole InferenceService
 * @param verdict        one word for the modelcar state (see {@link Verdicts})
 * @param conditions     {@code status.conditions}
 * @param createdAt      creation timestamp
 */
public record InferenceServiceSummary(
        String namespace,
        String name,
        Boolean ready,
        String url,
        String deploymentMode,
        List<StorageUri> storage,
        Modelcar modelcar,
        List<Warning> warnings,
        String verdict,
        List<IsvcFacts.Condition> conditions,
        String createdAt) {

    /**
     * @param expected true when KServe will inject modelcar containers (an {@code oci://} URI in modelcar mode)
     * @param mode     the OCI mode that applies: {@code modelcar}, {@code native}, {@code fetch}, {@code disabled},
     *                 or null without OCI storage
     * @param injected true when every pod has the modelcar containers and a shared process namespace (null without
     *                 pods)
     * @param pods     pod evidence
     */
    public record Modelcar(boolean expected, String mode, Boolean injected, List<PodEvidence> pods) {
    }

    /**
     * @param name                  pod name
     * @param phase                 pod phase
     * @param modelcarContainer     a {@code modelcar} container is present
     * @param modelcarInit          state of {@code modelcar-init}, null when absent
     * @param shareProcessNamespace {@code spec.shareProcessNamespace}
     * @param startupSeconds        creation to Ready, null while not Ready
     * @param storageInitializer    a {@code storage-initializer} init container is present
     * @param imagePullError        why the modelcar image cannot be pulled or checked, or null
     * @param restarts              container restarts
     * @param createdAt             creation time
     * @param readyAt               time the pod became Ready
     */
    public record PodEvidence(String name, String phase, boolean modelcarContainer, String modelcarInit,
            boolean shareProcessNamespace, Long startupSeconds, boolean storageInitializer, String imagePullError,
            int restarts, String createdAt, String readyAt) {
    }
}
