package io.modelcar.console.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.RealClusterTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The cluster scenarios against the real control plane ({@link ControlPlane}: etcd, kube-apiserver, the controller
 * manager, the scheduler and kwok's node), seeded as the sandbox is, the console connected with the administrator's
 * kubeconfig.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class RealClusterScenariosTest extends RealClusterTest implements ClusterScenarios {

    @LocalServerPort
    int port;

    @Override
    public String consoleUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public KubernetesClient cluster() {
        return controlPlane().adminClient();
    }
}
