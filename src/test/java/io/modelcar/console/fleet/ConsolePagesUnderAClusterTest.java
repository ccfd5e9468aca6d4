package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import org.junit.jupiter.api.Test;

/**
 * The console's own pages (fleet, images) are also reachable under a cluster's prefix ({@code /clusters/{c}/fleet},
 * {@code /clusters/{c}/images}: every link of a cluster's page stays on it), but they are not that cluster's: the
 * role the user has there (console.clusters.*.roles) must not decide what they may do on them. {@code viewer} is an
 * operator on staging only.
 */
class ConsolePagesUnderAClusterTest extends FleetTest {

    private ConsoleHttp browser() {
        return ConsoleHttp.browser("http://localhost:" + port, "viewer", "viewer");
    }

    @Test
    void whenAViewerPromotesToTheDefaultClusterThroughAnotherClustersPrefixThenNothingIsWritten() {
        memoryLimits("1Gi", "2Gi", "4Gi");
        String localVersion = api.client().configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName(KServeSeed.CONFIG_MAP).get().getMetadata().getResourceVersion();
        ConsoleHttp browser = browser();
        String form = "source=staging&target=local&keys=memoryLimit&targetResourceVersion=" + localVersion
                + "&_csrf=" + browser.csrfToken();

        HttpResponse<String> unprefixed = browser.send("POST", "/fleet/promotions",
                "application/x-www-form-urlencoded", form);
        HttpResponse<String> underStaging = browser.send("POST", "/clusters/staging/fleet/promotions",
                "application/x-www-form-urlencoded", form);

        assertThat(FleetClusters.storageInitializer(api)).as("viewer on local wrote local through staging's prefix")
                .contains("\"memoryLimit\": \"1Gi\"").doesNotContain("2Gi");
        assertThat(underStaging.statusCode()).isEqualTo(unprefixed.statusCode());
        assertThat(underStaging.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void whenAViewerUsesTheImagesPageUnderAClusterWhereTheyAreOperatorThenTheyAreStillAViewerThere() {
        ConsoleHttp browser = browser();
        String body = "{\"reference\": \"registry.invalid/team/model:latest\"}";

        HttpResponse<String> unprefixed = browser.send("POST", "/images/resolve", "application/json", body,
                "X-CSRF-TOKEN", browser.csrfToken());
        HttpResponse<String> underStaging = browser.send("POST", "/clusters/staging/images/resolve",
                "application/json", body, "X-CSRF-TOKEN", browser.csrfToken());
        String page = browser.get("/clusters/staging/images").body();

        assertThat(unprefixed.statusCode()).as(unprefixed.body()).isEqualTo(403);
        assertThat(underStaging.statusCode()).as(underStaging.body()).isEqualTo(403);
        assertThat(JSON.readTree(underStaging.body()).path("type").asString()).as(underStaging.body())
                .isEqualTo(JSON.readTree(unprefixed.body()).path("type").asString());
        assertThat(page).contains("<span class=\"badge\">viewer</span>");
    }
}
