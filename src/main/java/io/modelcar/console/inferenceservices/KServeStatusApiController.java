package io.modelcar.console.inferenceservices;

import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal {@code GET /api/v1/kserve} (namespace, version, Modelcar state, controller replicas) for as long as the
 * controller feature does not provide the full one; the OCI settings come from the inventory's ConfigMap watch.
 */
@RestController
class KServeStatusApiController {

    private final KServeDiscovery discovery;
    private final InferenceServiceInventory inventory;
    private final String environment;

    KServeStatusApiController(KServeDiscovery discovery, InferenceServiceInventory inventory,
            @Value("${console.environment:#{null}}") String environment) {
        this.discovery = discovery;
        this.inventory = inventory;
        this.environment = environment;
    }

    @GetMapping("/api/v1/kserve")
    KServeStatus kserve() {
        KServeInstallation installation = discovery.installation();
        OciConfig config = inventory.ociConfig();
        return new KServeStatus(installation.namespace(), installation.versionText(), environment,
                config.known() ? config.modelcarEnabled() : null, config.mode().isEmpty() ? null : config.mode(),
                inventory.controller());
    }

    /**
     * @param namespace       KServe namespace
     * @param version         KServe version from the controller image, or null
     * @param environment     test, staging or production (null when not configured)
     * @param modelcarEnabled whether a bare oci:// gets modelcars (null until the ConfigMap was read)
     * @param ociModelMode    the resolved OCI mode, null when OCI is off
     * @param controller      the controller Deployment
     */
    record KServeStatus(String namespace, String version, String environment, Boolean modelcarEnabled,
            String ociModelMode, ControllerStatus controller) {
    }
}
