package io.modelcar.console.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.Prerequisite;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cluster scenarios against the real control plane ({@link ControlPlane}: etcd, kube-apiserver, the controller
 * manager and kwok's node), seeded as the sandbox is, the console connected with the administrator's kubeconfig.
 * Reported skipped where the control plane is not built; fails under {@code CI=true} then.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class RealClusterScenariosTest implements ClusterScenarios {

    @RegisterExtension
    static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;

    private static boolean seeded;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.kubeconfig", () -> seeded().adminKubeconfig().toString());
        registry.add("console.kubernetes.kserve-namespace", () -> KServeSeed.NAMESPACE);
        registry.add("console.kubernetes.controller-name", () -> KServeSeed.CONTROLLER);
    }

    static synchronized ControlPlane seeded() {
        ControlPlane controlPlane = ControlPlane.shared();
        if (!seeded) {
            controlPlane.reset();
            new KServeSeed(controlPlane.adminClient()).allOnRealCluster();
            seeded = true;
        }
        return controlPlane;
    }

    @Override
    public String consoleUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public KubernetesClient cluster() {
        return seeded().adminClient();
    }
}
