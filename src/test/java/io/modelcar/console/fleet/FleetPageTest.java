package io.modelcar.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcar.console.testsupport.ConsoleHttp;
import org.junit.jupiter.api.Test;

/**
 * The fleet page and the promotion flow in the browser's way (forms, CSRF, redirects): the clusters side by side,
 * the keys that differ, the diff before the write, the staging confirmation, and the cluster's pages with the
 * picker and the cluster's banner.
 */
class FleetPageTest extends FleetTest {

    ConsoleHttp browser(String user) {
        return ConsoleHttp.browser("http://localhost:" + port, user, user);
    }

    static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("hidden field " + name).isTrue();
        return m.group(1);
    }

    @Test
    void whenOpeningTheFleetPageThenEveryClusterAndTheKeysThatDiffer() {
        FleetClusters.setStorageInitializer(production, FleetClusters.storageInitializer(production)
                .replaceAll("\"memoryLimit\": \"[^\"]*\"", "\"memoryLimit\": \"4Gi\""));

        HttpResponse<String> page = browser("viewer").get("/fleet");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-cluster=\"local\"").contains("data-cluster=\"staging\"")
                .contains("data-cluster=\"production\"").contains("data-key=\"memoryLimit\"")
                .contains("&quot;4Gi&quot;").contains("data-testid=\"cluster-picker\"")
                .contains("Your role (viewer) cannot promote");
    }

    @Test
    void whenPromotingThroughThePagesThenTheDiffFirstThenTheTypedConfirmationThenTheWrite() {
        FleetClusters.setStorageInitializer(staging, FleetClusters.storageInitializer(staging)
                .replaceAll("\"memoryLimit\": \"[^\"]*\"", "\"memoryLimit\": \"6Gi\""));
        ConsoleHttp operator = browser("operator");
        String csrf = operator.csrfToken();

        HttpResponse<String> preview = operator.send("POST", "/fleet/promotions/preview",
                "application/x-www-form-urlencoded", form("source", "local", "target", "staging", "keys",
                        "memoryLimit", "toggle", "", "_csrf", csrf));
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("data-key=\"memoryLimit\"").contains("&quot;6Gi&quot;")
                .contains("&quot;1Gi&quot;").contains("data-testid=\"promotion-confirm-text\"");
        assertThat(PromotionApiTest.memoryLimit(staging)).as("a preview writes nothing").isEqualTo("6Gi");

        String[] fields = {"source", "local", "target", "staging", "keys", hidden(preview.body(), "keys"),
                "toggle", "", "targetResourceVersion", hidden(preview.body(), "targetResourceVersion"),
                "sourceResourceVersion", hidden(preview.body(), "sourceResourceVersion"), "_csrf", csrf};
        HttpResponse<String> unconfirmed = operator.send("POST", "/fleet/promotions",
                "application/x-www-form-urlencoded", form(fields));
        assertThat(unconfirmed.statusCode()).isEqualTo(200);
        assertThat(unconfirmed.body()).contains("data-testid=\"promotion-error\"").contains("type its name");
        assertThat(PromotionApiTest.memoryLimit(staging)).isEqualTo("6Gi");

        String[] confirmed = java.util.Arrays.copyOf(fields, fields.length + 2);
        confirmed[fields.length] = "confirm";
        confirmed[fields.length + 1] = "staging";
        HttpResponse<String> written = operator.send("POST", "/fleet/promotions",
                "application/x-www-form-urlencoded", form(confirmed));
        assertThat(written.statusCode()).isEqualTo(302);
        assertThat(written.headers().firstValue("Location").orElseThrow()).endsWith("/fleet");
        assertThat(PromotionApiTest.memoryLimit(staging)).isEqualTo("1Gi");
        assertThat(operator.get("/fleet").body()).contains("data-testid=\"fleet-message\"").contains("Promoted local@");
    }

    @Test
    void whenOpeningAClustersPagesThenTheirLinksFormsAndBannerStayOnThatCluster() {
        ConsoleHttp viewer = browser("viewer");

        HttpResponse<String> home = viewer.get("/clusters/production/");
        HttpResponse<String> unknown = viewer.get("/clusters/nowhere/configuration");

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("production: ").contains("PRODUCTION cluster")
                .contains("href=\"/clusters/production/inferenceservices\"")
                .contains("action=\"/clusters/production/logout\"")
                .contains("href=\"/assets/style.css\"".replace("/assets", "/clusters/production/assets"));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }
}
