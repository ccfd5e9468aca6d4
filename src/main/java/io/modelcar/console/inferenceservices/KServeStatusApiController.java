package io.modelcar.console.inferenceservices;

import io.modelcar.console.environment.EnvironmentService;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/kserve}: namespace, version, environment class, Modelcar state and the controller Deployment.
 * The OCI settings come from the inventory's ConfigMap watch, so a call costs no request to the API server.
 */
@RestController
class KServeStatusApiController {

    private final KServeDiscovery discovery;
    private final InferenceServiceInventory inventory;
    private final EnvironmentService environment;

    KServeStatusApiController(KServeDiscovery discovery, InferenceServiceInventory inventory,
            EnvironmentService environment) {
        this.discovery = discovery;
        this.inventory = inventory;
        this.environment = environment;
    }

    @GetMapping("/api/v1/kserve")
    @io.swagger.v3.oas.annotations.tags.Tag(name = "KServe", description = "The KServe installation the console "
            + "manages")
    @io.swagger.v3.oas.annotations.Operation(summary = "The KServe installation",
            description = "Namespace, version, environment class, whether modelcars are enabled and the OCI mode, "
                    + "and the controller's state.")
    KServeStatus kserve() {
        KServeInstallation installation = discovery.installation();
        OciConfig config = inventory.ociConfig();
        return new KServeStatus(installation.namespace(), installation.versionText(), environment.current().id(),
                config.known() ? config.modelcarEnabled() : null, config.mode().isEmpty() ? null : config.mode(),
                inventory.controller());
    }

    /**
     * @param namespace       KServe namespace
     * @param version         KServe version from the controller image, or null
     * @param environment     test, staging or production (namespace label, else console.environment)
     * @param modelcarEnabled whether a bare oci:// gets modelcars (null until the ConfigMap was read)
     * @param ociModelMode    the resolved OCI mode, null when OCI is off
     * @param controller      the controller Deployment
     */
    record KServeStatus(String namespace, String version, String environment, Boolean modelcarEnabled,
            String ociModelMode, ControllerStatus controller) {
    }
}
