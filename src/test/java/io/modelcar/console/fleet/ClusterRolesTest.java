package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/**
 * A role per cluster: {@code viewer} is an operator on staging ({@code console.clusters.remote[0].roles.users}) and
 * a viewer everywhere else, for the cluster's paths and for promotions to it.
 */
class ClusterRolesTest extends FleetTest {

    @Test
    void whenAUserIsMappedToOperatorOnOneClusterThenTheyChangeThatClusterOnly() {
        String etag = as("viewer").get("/api/v1/clusters/staging/storage-initializer").headers()
                .firstValue("ETag").orElseThrow();
        String defaultEtag = as("viewer").get("/api/v1/storage-initializer").headers().firstValue("ETag")
                .orElseThrow();

        HttpResponse<String> onStaging = as("viewer").send("PATCH", "/api/v1/clusters/staging/storage-initializer",
                "application/merge-patch+json", "{\"cpuRequest\": \"200m\"}", "If-Match", etag);
        HttpResponse<String> onDefault = as("viewer").send("PATCH", "/api/v1/storage-initializer",
                "application/merge-patch+json", "{\"cpuRequest\": \"200m\"}", "If-Match", defaultEtag);
        HttpResponse<String> onProduction = as("viewer").send("PATCH",
                "/api/v1/clusters/production/storage-initializer", "application/merge-patch+json",
                "{\"cpuRequest\": \"200m\"}");

        assertThat(onStaging.statusCode()).as(onStaging.body()).isEqualTo(200);
        assertThat(FleetClusters.storageInitializer(staging)).contains("\"cpuRequest\": \"200m\"");
        assertThat(onDefault.statusCode()).isEqualTo(403);
        assertThat(onProduction.statusCode()).isEqualTo(403);
        assertThat(FleetClusters.storageInitializer(api)).doesNotContain("200m");
        assertThat(FleetClusters.storageInitializer(production)).doesNotContain("200m");
        assertThat(JSON.readTree(as("viewer").get("/api/v1/clusters/staging/storage-initializer/history").body())
                .get(0).get("actor").stringValue()).as("the user's own name is recorded").isEqualTo("viewer");
    }

    @Test
    void whenAUserIsOperatorOnlyOnTheTargetThenTheyMayPromoteToIt() {
        HttpResponse<String> preview = as("viewer").send("POST", "/api/v1/fleet/promotions", "application/json",
                "{\"source\": \"local\", \"target\": \"staging\", \"dryRun\": true}");

        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    }

    @Test
    void whenMappedOnAClusterThenItsPagesShowThatRole() {
        var browser = io.modelcar.console.testsupport.ConsoleHttp.browser("http://localhost:" + port, "viewer",
                "viewer");

        String onStaging = browser.get("/clusters/staging/configuration").body();
        String onDefault = browser.get("/configuration").body();

        assertThat(onStaging).contains("<span class=\"badge\">operator</span>");
        assertThat(onDefault).contains("<span class=\"badge\">viewer</span>");
    }
}
