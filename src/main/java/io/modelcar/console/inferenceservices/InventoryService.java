package io.modelcar.console.inferenceservices;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.modelcar.console.kubernetes.KServeResources;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An InferenceService as the inventory's informer decodes it: its metadata without {@code managedFields}, its
 * {@code spec} and {@code status} whole, as JSON maps (the storage URIs are looked for in every place KServe reads one,
 * a user's keys matched as KServe's Go decoding matches them, see {@link StorageUris}; and a status field of an
 * unexpected type is read as the generic resource read it, never failing a list page). What is skipped is what the
 * inventory never reads and is most of an API server's object: {@code managedFields}. The fabric8 client decodes list
 * pages straight into this type, and converts the watch events it decodes as a generic resource into it.
 */
@Group(KServeResources.GROUP)
@Version(KServeResources.VERSION)
@Kind("InferenceService")
@Plural("inferenceservices")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonDeserialize(using = ValueDeserializer.None.class) // bound as itself, not by apiVersion and kind
public final class InventoryService implements HasMetadata, Namespaced {

    @JsonIgnoreProperties(ignoreUnknown = true, value = { "managedFields", "ownerReferences", "finalizers" })
    private ObjectMeta metadata;
    private Map<String, Object> spec;
    private Map<String, Object> status;

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

    public Map<String, Object> getSpec() {
        return spec;
    }

    public void setSpec(Map<String, Object> spec) {
        this.spec = spec;
    }

    public Map<String, Object> getStatus() {
        return status;
    }

    public void setStatus(Map<String, Object> status) {
        this.status = status;
    }
}
