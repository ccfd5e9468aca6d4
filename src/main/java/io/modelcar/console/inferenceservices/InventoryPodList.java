package io.modelcar.console.inferenceservices;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;

/** A list page of {@link InventoryPod}s: the items decoded as the slim type, not as {@code Pod}. */
public final class InventoryPodList extends DefaultKubernetesResourceList<InventoryPod> {
}
