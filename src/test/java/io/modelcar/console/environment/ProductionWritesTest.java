package io.modelcar.console.environment;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.Browser;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import io.modelcar.console.rollout.ControllerRestartService;
import io.modelcar.console.storageinitializer.StorageInitializerService;
import io.modelcar.console.web.ProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What production reserves for admins (api.md, roles): saving, restoring and restarting. Operators are refused with
 * a Problem of its own type and nothing changes; they may still look and dry-run; admins go through.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "console.environment=production")
@ActiveProfiles("sandbox")
class ProductionWritesTest extends MockClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SI = "/api/v1/storage-initializer";
    static final String MERGE_PATCH = "application/merge-patch+json";

    @LocalServerPort
    int port;

    @Autowired
    StorageInitializerService storage;

    @Autowired
    ControllerRestartService restarts;

    @Test
    void whenOperatorWritesOrRestartsOnProductionThen403AdminOnlyAndNothingChanges() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        HttpResponse<String> before = operator.get(SI);
        String etag = before.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> patch = operator.send("PATCH", SI, MERGE_PATCH, "{\"memoryLimit\": \"3Gi\"}",
                "If-Match", etag);
        HttpResponse<String> put = operator.send("PUT", SI, "application/json",
                JSON.readTree(before.body()).get("config").toString(), "If-Match", etag);
        HttpResponse<String> restart = operator.send("POST", "/api/v1/kserve/controller/restarts",
                "application/json", "{}");

        for (HttpResponse<String> refused : new HttpResponse[] {patch, put, restart}) {
            assertThat(refused.statusCode()).as(refused.request().method() + " " + refused.uri()).isEqualTo(403);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.get("type").stringValue())
                    .isEqualTo("urn:modelcar-console:problem:production-admin-only");
            assertThat(problem.get("requiredRole").stringValue()).isEqualTo("admin");
        }
        assertThat(JSON.readTree(restart.body()).get("detail").stringValue()).contains("restart the KServe controller");
        assertThat(operator.get(SI).headers().firstValue("ETag")).as("nothing written").contains(etag);
        assertThat(api.client().v1().events().inNamespace("kserve").list().getItems())
                .as("the refusals are audited as Kubernetes Events")
                .anySatisfy(e -> assertThat(e.getMessage())
                        .isEqualTo("operator: storage-initializer.write refused: production: admins only"))
                .anySatisfy(e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("operator: controller.restart refused: production: admins only");
                    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("apps/v1");
                });
    }

    @Test
    void whenOperatorDryRunsOnProductionThenTheAnswerComesAndNothingIsWritten() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        String etag = operator.get(SI).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> dryRun = operator.send("PATCH", SI + "?dryRun=true", MERGE_PATCH,
                "{\"memoryLimit\": \"3Gi\"}", "If-Match", etag);

        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(dryRun.body()).get("dryRun").booleanValue()).isTrue();
        assertThat(operator.get(SI).headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void whenOperatorAddsDryRunToARouteThatDoesNotHonourItThenStill403AndNothingChanges() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        ConsoleHttp page = ConsoleHttp.browser(base(), "operator", "operator");
        String etag = operator.get(SI).headers().firstValue("ETag").orElseThrow();
        String version = etag.replace("\"", "");
        String config = JSON.readTree(operator.get(SI).body()).get("config").toString();
        String restarts = api.client().apps().deployments().inNamespace("kserve").list().getItems().stream()
                .map(d -> String.valueOf(d.getSpec().getTemplate().getMetadata().getAnnotations()))
                .toList().toString();

        HttpResponse<String> apiRestart = operator.send("POST", "/api/v1/kserve/controller/restarts?dryRun=true",
                "application/json", "{}");
        HttpResponse<String> pageRestart = page.send("POST", "/controller/restarts?dryRun=true", "application/json",
                "{}", "X-CSRF-TOKEN", page.csrfToken());
        HttpResponse<String> pageSave = page.send("POST", "/configuration/save?dryRun=true", "application/json",
                "{\"resourceVersion\": \"" + version + "\", \"raw\": " + JSON.writeValueAsString(config) + "}",
                "X-CSRF-TOKEN", page.csrfToken());
        HttpResponse<String> pageRestore = page.send("POST", "/history/any/restore?dryRun=true",
                "application/x-www-form-urlencoded", "resourceVersion=" + version + "&_csrf=" + page.csrfToken());

        for (HttpResponse<String> refused : List.of(apiRestart, pageRestart, pageSave, pageRestore)) {
            assertThat(refused.statusCode()).as(refused.request().method() + " " + refused.uri()).isEqualTo(403);
            assertThat(refused.body()).contains("only admins");
        }
        assertThat(operator.get(SI).headers().firstValue("ETag")).as("nothing written").contains(etag);
        assertThat(api.client().apps().deployments().inNamespace("kserve").list().getItems().stream()
                .map(d -> String.valueOf(d.getSpec().getTemplate().getMetadata().getAnnotations()))
                .toList().toString()).as("no restart").isEqualTo(restarts);
    }

    @Test
    void whenOperatorCallsTheServicesDirectlyOnProductionThenTheyRefuseWhereTheyWrite() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "operator", "n/a", List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"))));
        try {
            String version = storage.current().resourceVersion();
            assertThatThrownBy(() -> storage.apply(io.modelcar.console.storageinitializer.ChangeRequest.replace(
                    version, storage.current().config(), "operator", "page", false)))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("only admins");
            assertThatThrownBy(() -> restarts.start("operator", null))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("only admins restart");
            assertThat(storage.current().resourceVersion()).isEqualTo(version);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void whenAdminWritesOnProductionThenItIsSaved() {
        ConsoleHttp admin = ConsoleHttp.basic(base(), "admin", "admin");
        HttpResponse<String> before = admin.get(SI);
        String original = JSON.readTree(before.body()).get("config").get("memoryLimit").stringValue();

        HttpResponse<String> patch = admin.send("PATCH", SI, MERGE_PATCH, "{\"memoryLimit\": \"3Gi\"}", "If-Match",
                before.headers().firstValue("ETag").orElseThrow());
        try {
            assertThat(patch.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(patch.body()).get("config").get("memoryLimit").stringValue()).isEqualTo("3Gi");
        } finally {
            // the API server is shared with other tests: put the value back
            admin.send("PATCH", SI, MERGE_PATCH, "{\"memoryLimit\": \"" + original + "\"}", "If-Match",
                    admin.get(SI).headers().firstValue("ETag").orElseThrow());
        }
    }

    @Test
    void whenOperatorPostsARestoreFormOnProductionThenTheErrorPageSays403() {
        ConsoleHttp page = ConsoleHttp.browser(base(), "operator", "operator");
        String etag = ConsoleHttp.basic(base(), "operator", "operator").get(SI).headers().firstValue("ETag")
                .orElseThrow();

        HttpResponse<String> post = page.send("POST", "/history/any/restore", "application/x-www-form-urlencoded",
                "resourceVersion=" + etag.replace("\"", "") + "&_csrf=" + page.csrfToken());

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("only admins").doesNotContain("Exception");
    }

    @Test
    void whenOperatorOpensTheWritePagesOnProductionThenSavingRestartingAndRestoringAreDisabledWithTheReason() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = browser.login(base(), "operator", "operator");

            page.navigate(base() + "/configuration");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.getByTestId("production-admin-only")).containsText("only admins save");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.locator("[data-action=save]")).isDisabled();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.locator("[data-action=save-restart]")).isDisabled();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.locator("[data-action=preview]")).isEnabled();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.locator("[data-action=save]")).hasAttribute("aria-describedby", "config-production-reason");

            page.navigate(base() + "/controller");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByTestId("restart-button"))
                    .isDisabled();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.getByTestId("production-admin-only")).containsText("only admins restart");
        }
    }

    @Test
    void whenAdminOpensTheConfigurationPageOnProductionThenSavingIsEnabled() {
        ChromiumExtension.CHROMIUM.require();
        try (Browser browser = Browser.launch()) {
            Page page = browser.login(base(), "admin", "admin");
            page.navigate(base() + "/configuration");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.getByTestId("production-admin-only")).hasCount(0);
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
                    page.locator("[data-action=save]")).isEnabled();
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
