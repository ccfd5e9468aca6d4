package io.modelcar.console.testsupport;

import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of end-to-end tests: the whole console ({@code @SpringBootTest} on a random port, sandbox users) against a
 * fresh in-memory Kubernetes API seeded with a KServe installation. Subclasses add
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and {@code @ActiveProfiles("sandbox")}.
 */
public abstract class MockClusterTest {

    protected static final MockKubernetesApi api = startSeeded();

    private static MockKubernetesApi startSeeded() {
        MockKubernetesApi started = MockKubernetesApi.start();
        new KServeSeed(started.client()).all();
        return started;
    }

    /**
     * The API, and a leader Lease of each application context's own: the test classes' cached contexts all run
     * against this one API, and Spring pauses (stops) a cached context while another one is in use and starts it
     * again when a class needs it. With one shared Lease each test class would first wait for the hand-over from
     * whichever context led last; with its own, each context leads itself as a single replica does, and the
     * claims in the records keep the background work once between them. Several replicas sharing one Lease are
     * tested where that is the point (replicas package).
     */
    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", api::url);
        registry.add("console.replicas.lease-name",
                () -> "modelcar-console-leader-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void keepApiForContextCache() {
        // The API lives as long as the JVM: Spring caches the application context across test classes.
    }
}
