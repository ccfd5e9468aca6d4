package io.modelcar.console.inferenceservices;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A pod as the inventory's informer decodes it: only the fields {@link PodMapper} reads, everything else in the API
 * server's JSON skipped by the parser without building objects for it (the full {@code Pod} model holds every
 * container's env, volumes, probes and resources, and {@code managedFields}, all garbage the moment the facts are
 * derived). The fabric8 client decodes list pages straight into this type, and converts the watch events it decodes
 * as {@code Pod} into it.
 *
 * <p>Field names are the API's own, as the API server writes them (pods are the API server's objects, never a
 * user's JSON: no case-insensitive matching is needed here, unlike an InferenceService's spec).
 */
@Group("")
@Version("v1")
@Kind("Pod")
@Plural("pods")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonDeserialize(using = ValueDeserializer.None.class) // bound as itself, not by apiVersion and kind (a Pod)
public final class InventoryPod implements HasMetadata, Namespaced {

    @JsonIgnoreProperties(ignoreUnknown = true, value = { "managedFields", "annotations", "ownerReferences",
        "finalizers" })
    private ObjectMeta metadata;
    private Spec spec;
    private Status status;

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    /** The annotations above fix apiVersion and kind ({@link HasMetadata}'s defaults read them): nothing to set. */
    @Override
    public void setApiVersion(String apiVersion) {
    }

    public Spec getSpec() {
        return spec;
    }

    public void setSpec(Spec spec) {
        this.spec = spec;
    }

    public Status getStatus() {
        return status;
    }

    public void setStatus(Status status) {
        this.status = status;
    }

    /** {@code spec}: the containers' names and whether the pod shares its process namespace. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(List<Named> containers, List<Named> initContainers, Boolean shareProcessNamespace) {
    }

    /** A container of {@code spec}, by name only. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Named(String name) {
    }

    /** {@code status}: phase, conditions, and the containers' states. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(String phase, List<Condition> conditions, List<ContainerStatus> containerStatuses,
            List<ContainerStatus> initContainerStatuses) {
    }

    /** A pod condition. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Condition(String type, String status, String lastTransitionTime) {
    }

    /** A container's status: its name, restarts and current state. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerStatus(String name, Integer restartCount, State state) {
    }

    /** A container's state: exactly one of the three is set by the kubelet. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(Waiting waiting, Map<String, Object> running, Terminated terminated) {
    }

    /** A waiting container's reason ({@code ErrImagePull}, {@code ImagePullBackOff}, ...). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Waiting(String reason) {
    }

    /** A terminated container's reason and exit code. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Terminated(String reason, Integer exitCode) {
    }
}
