package io.modelcar.console.toggles;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.net.http.HttpResponse;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.Browser;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** A console started with {@code console.environment=production}: toggles are read-only, the API refuses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "console.environment=production")
@ActiveProfiles("sandbox")
class ProductionToggleTest extends MockClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void whenAdminFlipsOnProductionThen409WithItsOwnTypeAndNothingChanges() {
        ConsoleHttp admin = ConsoleHttp.basic(base(), "admin", "admin");
        HttpResponse<String> before = admin.get("/api/v1/storage-initializer");
        String etag = before.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> flip = admin.send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false, \"confirm\": \"modelcar\"}", "If-Match", etag);
        HttpResponse<String> kill = admin.send("POST", "/api/v1/toggles/kill-switch", "application/json", "{}");

        assertThat409(flip);
        assertThat409(kill);
        HttpResponse<String> after = admin.get("/api/v1/storage-initializer");
        org.assertj.core.api.Assertions.assertThat(after.headers().firstValue("ETag")).contains(etag);
        org.assertj.core.api.Assertions.assertThat(JSON.readTree(after.body()).get("raw"))
                .isEqualTo(JSON.readTree(before.body()).get("raw"));
        for (JsonNode toggle : JSON.readTree(admin.get("/api/v1/toggles").body())) {
            org.assertj.core.api.Assertions.assertThat(toggle.get("editable").booleanValue()).isFalse();
        }
    }

    @Test
    void whenAFormIsPostedOnProductionThenItIsRefusedAndNothingChanges() {
        ConsoleHttp page = ConsoleHttp.browser(base(), "admin", "admin");
        String etag = ConsoleHttp.basic(base(), "admin", "admin").get("/api/v1/storage-initializer").headers()
                .firstValue("ETag").orElseThrow();

        HttpResponse<String> post = page.send("POST", "/toggles/modelcar", "application/x-www-form-urlencoded",
                "enabled=false&confirm=modelcar&resourceVersion=" + etag.replace("\"", "") + "&_csrf="
                        + page.csrfToken());

        org.assertj.core.api.Assertions.assertThat(post.statusCode()).isEqualTo(302);
        org.assertj.core.api.Assertions.assertThat(ConsoleHttp.basic(base(), "admin", "admin")
                .get("/api/v1/storage-initializer").headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void whenAdminOpensTheTogglePageOnProductionThenItIsReadOnly() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = browser.login(base(), "admin", "admin");
            page.navigate(base() + "/toggles?preview=modelcar&enabled=false");

            assertThat(page.locator(".env-banner.env-production")).containsText("PRODUCTION");
            assertThat(page.getByTestId("read-only")).containsText("toggles are read-only");
            assertThat(page.getByTestId("read-only").getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                    new com.microsoft.playwright.Locator.GetByRoleOptions().setName("configuration page")))
                    .hasAttribute("href", "/configuration");
            assertThat(page.getByTestId("toggle")).hasCount(2);
            assertThat(page.getByTestId("toggle-impact").first()).containsText("InferenceServices use oci://");
            assertThat(page.getByTestId("flip")).hasCount(0);
            assertThat(page.getByTestId("flip-form")).hasCount(0);
            assertThat(page.getByTestId("kill-switch")).hasCount(0);
        }
    }

    private static void assertThat409(HttpResponse<String> response) {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(409);
        org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> org.assertj.core.api.Assertions.assertThat(t)
                        .startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        org.assertj.core.api.Assertions.assertThat(problem.get("type").stringValue())
                .isEqualTo("urn:modelcar-console:problem:environment-protected");
        org.assertj.core.api.Assertions.assertThat(problem.get("configurationApi").stringValue())
                .isEqualTo("/api/v1/storage-initializer");
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
