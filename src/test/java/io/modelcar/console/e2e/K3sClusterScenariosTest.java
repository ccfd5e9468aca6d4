package io.modelcar.console.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cluster scenarios against a real K3s: the InferenceService CRD and the sample KServe installation of
 * {@code deploy/} applied ({@link ClusterSeed}), the console booted against the cluster's kubeconfig, as
 * {@code docker compose --profile k3s} runs it. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class K3sClusterScenariosTest implements ClusterScenarios {

    /** The K3s of docker-compose.yml. */
    static final String K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(K3S_IMAGE));

    private static KubernetesClient cluster;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.kubeconfig", K3sClusterScenariosTest::seededKubeconfig);
        registry.add("console.kubernetes.kserve-namespace", () -> "kserve");
        registry.add("console.kubernetes.controller-name", () -> "kserve-controller-manager");
    }

    private static synchronized String seededKubeconfig() {
        try {
            Path file = Files.createTempFile("k3s-kubeconfig", ".yaml");
            Files.writeString(file, K3S.getKubeConfigYaml());
            if (cluster == null) {
                cluster = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
                        .build();
                ClusterSeed.kserve(cluster);
            }
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeClient() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public String consoleUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public KubernetesClient cluster() {
        seededKubeconfig();
        return cluster;
    }
}
