package io.modelcar.console.fleet;

import java.util.Map;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import io.modelcar.console.testsupport.MockKubernetesApi;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the fleet's end-to-end tests (one application context for all of them): the whole console with three
 * clusters, each on its own in-memory API server: the default one ({@code local}, class test, memoryLimit 1Gi),
 * {@code staging} (2Gi) and {@code production} (4Gi). On staging, {@code viewer} is an operator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "console.kubernetes.request-timeout=2s")
@ActiveProfiles("sandbox")
abstract class FleetTest extends MockClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final MockKubernetesApi staging = FleetClusters.seeded("2Gi");
    static final MockKubernetesApi production = FleetClusters.seeded("4Gi");

    @DynamicPropertySource
    static void clusters(DynamicPropertyRegistry registry) {
        FleetClusters.register(registry, 0, "staging", staging, "staging", Map.of("viewer", "operator"));
        FleetClusters.register(registry, 1, "production", production, "production", Map.of());
    }

    @LocalServerPort
    int port;

    /** Other test classes of this context change the clusters: each test that depends on the values sets them. */
    static void memoryLimits(String local, String onStaging, String onProduction) {
        setMemoryLimit(api, local);
        setMemoryLimit(staging, onStaging);
        setMemoryLimit(production, onProduction);
    }

    static void setMemoryLimit(MockKubernetesApi cluster, String value) {
        FleetClusters.setStorageInitializer(cluster, FleetClusters.storageInitializer(cluster)
                .replaceAll("\"memoryLimit\": \"[^\"]*\"", "\"memoryLimit\": \"" + value + "\""));
    }

    ConsoleHttp as(String user) {
        return ConsoleHttp.basic("http://localhost:" + port, user, user);
    }
}
