package io.modelcar.console.inferenceservices;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;

/** A list page of {@link InventoryService}s: the items decoded as the slim type. */
public final class InventoryServiceList extends DefaultKubernetesResourceList<InventoryService> {
}
