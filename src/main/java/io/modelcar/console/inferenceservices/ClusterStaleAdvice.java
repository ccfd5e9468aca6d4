package io.modelcar.console.inferenceservices;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Fills the layout's {@code clusterStale} slot on every page: null while the inventory's watch is healthy, else the
 * time the data is as of (empty when it never synced), so the banner says "data as of T".
 */
@ControllerAdvice(annotations = Controller.class)
class ClusterStaleAdvice {

    private final InferenceServiceInventory inventory;

    ClusterStaleAdvice(InferenceServiceInventory inventory) {
        this.inventory = inventory;
    }

    @ModelAttribute("clusterStale")
    String clusterStale() {
        InventoryState state = inventory.state();
        if (!state.stale()) {
            return null;
        }
        return state.asOf() == null ? "" : state.asOf().toString();
    }
}
