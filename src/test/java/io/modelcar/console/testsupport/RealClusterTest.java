package io.modelcar.console.testsupport;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of end-to-end tests against the real control plane ({@link ControlPlane}), as {@link MockClusterTest} is for
 * the in-memory API: the whole console ({@code @SpringBootTest} on a random port, sandbox users) connected with the
 * administrator's kubeconfig to the control plane of this JVM, seeded once as the sandbox is
 * ({@link KServeSeed#allOnRealCluster()}). Subclasses add {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and
 * {@code @ActiveProfiles("sandbox")}, so that they share one console; they leave the cluster as they found it.
 * Reported skipped where the control plane is not built, failed then under {@code CI=true}.
 */
public abstract class RealClusterTest {

    @RegisterExtension
    protected static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;

    private static boolean seeded;

    /** The control plane, started and seeded on first use. */
    protected static ControlPlane controlPlane() {
        return seededControlPlane();
    }

    /** The control plane, started and seeded on first use: for tests that start consoles of their own. */
    public static synchronized ControlPlane seededControlPlane() {
        ControlPlane controlPlane = ControlPlane.shared();
        if (!seeded) {
            controlPlane.reset();
            new KServeSeed(controlPlane.adminClient()).allOnRealCluster();
            seeded = true;
        }
        return controlPlane;
    }

    /**
     * Deletes every namespace the tests made and seeds again: for a test that changed the seeded cluster in ways it
     * cannot undo one by one. A console already running follows as it would on a real cluster.
     */
    protected static void reseed() {
        synchronized (RealClusterTest.class) {
            seeded = false;
        }
        seededControlPlane();
    }

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.kubeconfig", () -> controlPlane().adminKubeconfig().toString());
        registry.add("console.kubernetes.kserve-namespace", () -> KServeSeed.NAMESPACE);
        registry.add("console.kubernetes.controller-name", () -> KServeSeed.CONTROLLER);
    }
}
