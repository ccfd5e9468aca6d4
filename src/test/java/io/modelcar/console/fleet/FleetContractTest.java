package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.modelcar.console.contract.ContractTools;
import io.modelcar.console.testsupport.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document of a console with remote clusters lists every per-cluster operation a second time under
 * {@code /api/v1/clusters/{cluster}/...} (with the cluster names as the parameter's values and an operationId of
 * its own), not the console's own operations, and Spectral's ruleset still finds nothing in it.
 */
class FleetContractTest extends FleetTest {

    @RegisterExtension
    static final Prerequisite SPECTRAL = Prerequisite.of("Spectral (@stoplight/spectral-cli)",
            () -> Files.isExecutable(ContractTools.SPECTRAL), ".ci/install-spectral.sh (npm ci in src/test/contract)");

    JsonNode document() {
        return JSON.readTree(as("viewer").get("/v3/api-docs").body());
    }

    @Test
    void whenClustersAreConfiguredThenEachPerClusterOperationIsDocumentedUnderTheClusterPrefix() {
        JsonNode paths = document().path("paths");

        JsonNode onCluster = paths.path("/api/v1/clusters/{cluster}/storage-initializer");
        JsonNode unprefixed = paths.path("/api/v1/storage-initializer");
        assertThat(onCluster.path("get").path("operationId").asString())
                .isEqualTo(unprefixed.path("get").path("operationId").asString() + "OnCluster");
        assertThat(onCluster.has("patch")).isEqualTo(unprefixed.has("patch")).isTrue();
        JsonNode cluster = onCluster.path("parameters").get(0);
        assertThat(cluster.path("name").asString()).isEqualTo("cluster");
        assertThat(cluster.path("in").asString()).isEqualTo("path");
        List<String> names = new ArrayList<>();
        cluster.path("schema").path("enum").forEach(name -> names.add(name.asString()));
        assertThat(names).containsExactly("local", "staging", "production");
        assertThat(onCluster.path("get").path("responses").path("404").path("content")
                .path("application/problem+json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(paths.has("/api/v1/clusters/{cluster}/inferenceservices")).isTrue();
        assertThat(paths.has("/api/v1/clusters/{cluster}/kserve/controller/restarts")).isTrue();
        assertThat(paths.has("/api/v1/clusters/{cluster}/toggles")).isTrue();
        // the console's own operations are not a cluster's
        assertThat(paths.has("/api/v1/fleet")).isTrue();
        paths.properties().forEach(path -> assertThat(path.getKey()).as("not per cluster")
                .doesNotStartWith("/api/v1/clusters/{cluster}/images").doesNotStartWith("/api/v1/clusters/{cluster}/fleet")
                .doesNotStartWith("/api/v1/clusters/{cluster}/clusters"));
        Set<String> operationIds = new HashSet<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (operation.getValue().has("operationId")) {
                assertThat(operationIds.add(operation.getValue().path("operationId").asString()))
                        .as("operationId unique: " + operation.getValue().path("operationId")).isTrue();
            }
        }));
    }

    @Test
    void whenClustersAreConfiguredThenSpectralFindsNoErrorAndNoWarning() {
        ContractTools.Run lint = ContractTools.spectralLint(as("viewer").get("/v3/api-docs").body(),
                "fleet-openapi");

        assertThat(lint.output()).as("spectral lint (severity error or warn fails)").doesNotContain(" error ")
                .doesNotContain(" warning ");
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }
}
