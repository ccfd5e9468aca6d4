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

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", api::url);
    }

    @AfterAll
    static void keepApiForContextCache() {
        // The API lives as long as the JVM: Spring caches the application context across test classes.
    }
}
