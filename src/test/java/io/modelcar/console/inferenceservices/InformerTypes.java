package io.modelcar.console.inferenceservices;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Objects as the inventory's informers hand them over: a fabric8 {@link Pod} converted to {@link InventoryPod}, an
 * InferenceService (a generic resource, or any object of that shape) to {@link InventoryService}, by the client's
 * serialization, as the client converts a watch event it decoded as the general type.
 */
final class InformerTypes {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private InformerTypes() {
    }

    static InventoryPod pod(Pod pod) {
        return SERIALIZATION.convertValue(pod, InventoryPod.class);
    }

    static InventoryService service(HasMetadata isvc) {
        return SERIALIZATION.convertValue(isvc, InventoryService.class);
    }
}
