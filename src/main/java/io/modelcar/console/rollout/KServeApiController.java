package io.modelcar.console.rollout;

import io.modelcar.console.kubernetes.KServeInstallation;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/kserve}: where KServe runs, its version, the environment, the modelcar settings and the
 * controller Deployment's replicas.
 */
@RestController
class KServeApiController {

    private final ControllerRestartService restarts;
    private final ControllerCluster cluster;
    private final JsonMapper json;
    private final String environment;

    KServeApiController(ControllerRestartService restarts, ControllerCluster cluster, JsonMapper json,
            @Value("${console.environment:test}") String environment) {
        this.restarts = restarts;
        this.cluster = cluster;
        this.json = json;
        this.environment = environment;
    }

    record Controller(String deployment, int replicas, int readyReplicas, boolean paused) {
    }

    record KServe(String namespace, String version, String environment, boolean modelcarEnabled,
            String ociModelMode, Controller controller) {
    }

    @GetMapping("/api/v1/kserve")
    KServe kserve() {
        ControllerStatus status = restarts.status();
        KServeInstallation installation = status.installation();
        OciSettings oci = OciSettings.from(cluster.kserveConfig(installation.namespace(),
                installation.configMapName()).get(StartupConfigValidator.STORAGE_INITIALIZER), json);
        ControllerDeployment d = status.deployment();
        Controller controller = d == null ? null
                : new Controller(d.name(), d.desiredReplicas(), d.readyReplicas(), d.paused());
        return new KServe(installation.namespace(), installation.versionText(), environment, oci.modelcarEnabled(),
                oci.ociModelMode(), controller);
    }
}
