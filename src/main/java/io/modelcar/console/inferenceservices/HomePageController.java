package io.modelcar.console.inferenceservices;

import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The overview page (is Modelcar on, KServe version, controller health, InferenceServices by verdict and warning,
 * start-up comparison).
 */
@Controller
class HomePageController {

    private final KServeDiscovery discovery;
    private final InferenceServiceInventory inventory;
    private volatile KServeInstallation lastKnown;

    HomePageController(KServeDiscovery discovery, InferenceServiceInventory inventory) {
        this.discovery = discovery;
        this.inventory = inventory;
    }

    @GetMapping("/")
    String overview(Model model) {
        model.addAttribute("kserve", installation());
        model.addAttribute("overview", inventory.overview());
        model.addAttribute("controller", controller());
        return "index";
    }

    /** The installation, or the last one seen while the API server does not answer (the page shows it stale). */
    private KServeInstallation installation() {
        try {
            KServeInstallation found = discovery.installation();
            lastKnown = found;
            return found;
        } catch (ClusterUnreachableException e) {
            if (lastKnown == null) {
                throw e;
            }
            return lastKnown;
        }
    }

    /** The controller's health is a nice-to-have on this page: the page still renders when it cannot be read. */
    private ControllerStatus controller() {
        try {
            return inventory.controller();
        } catch (ClusterUnreachableException | ClusterPermissionDeniedException | ClusterRequestFailedException e) {
            return null;
        }
    }
}
