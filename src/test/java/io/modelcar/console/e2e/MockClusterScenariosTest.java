package io.modelcar.console.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cluster scenarios against the in-memory Kubernetes API, seeded as the sandbox is. The API is this class's
 * own, not the one that the other end-to-end tests share: a controller restart is one at a time and nothing
 * completes it in the mock, so a shared API would make other tests' restarts look concurrent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class MockClusterScenariosTest implements ClusterScenarios {

    static final MockKubernetesApi API = seeded();

    @LocalServerPort
    int port;

    private static MockKubernetesApi seeded() {
        MockKubernetesApi api = MockKubernetesApi.start();
        new KServeSeed(api.client()).all();
        return api;
    }

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", API::url);
    }

    @Override
    public String consoleUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public KubernetesClient cluster() {
        return API.client();
    }
}
