package io.modelcar.console.toggles;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The toggle page in headless Chromium on a test cluster: the impact first, then the flip. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ToggleBrowserTest extends MockClusterTest {

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    KubernetesClient client;
    String original;

    @BeforeEach
    void remember() {
        client = api.client();
        original = SharedCluster.storedRaw(client);
    }

    @AfterEach
    void putBack() {
        SharedCluster.restore(client, original);
    }

    @Test
    void whenOperatorFlipsModelcarsOffThenTheImpactIsShownFirstAndTheFlipIsRecorded() {
        TreeSet<String> expected = SharedCluster.ociUsersInCluster(client);
        org.assertj.core.api.Assertions.assertThat(expected).containsAll(SharedCluster.seededOciUsers());
        awaitInventory(expected.size());
        Page page = browser.login(base(), "operator", "operator");
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });

        page.navigate(base() + "/toggles");
        assertThat(page.locator(".env-banner.env-test")).hasText("Test cluster");
        Locator modelcar = page.locator("[data-toggle=modelcar]");
        assertThat(modelcar.getByTestId("toggle-state")).hasText("On");
        assertThat(page.getByTestId("impact-preview")).hasCount(0);

        modelcar.getByTestId("flip").click();

        assertThat(page.getByTestId("impact-summary")).containsText(expected.size()
                + " InferenceServices use oci://; turning Modelcars off makes their next pods fail");
        assertThat(page.getByTestId("impact-isvc")).hasCount(expected.size());
        TreeSet<String> listed = new TreeSet<>();
        for (Locator row : page.getByTestId("impact-isvc").all()) {
            listed.add(row.getAttribute("data-isvc"));
        }
        org.assertj.core.api.Assertions.assertThat(listed).isEqualTo(expected);
        assertThat(page.getByTestId("restart-advice")).containsText("No restart needed");
        org.assertj.core.api.Assertions.assertThat(SharedCluster.storedRaw(client)).isEqualTo(original);

        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Turn off Modelcars")).click();

        assertThat(page.getByTestId("toggle-message")).containsText("Turned modelcar off");
        assertThat(modelcar.getByTestId("toggle-state")).hasText("Off");
        assertThat(modelcar.getByTestId("last-change")).containsText("operator");
        org.assertj.core.api.Assertions.assertThat(SharedCluster.storedRaw(client))
                .contains("\"enableModelcar\": false");
        org.assertj.core.api.Assertions.assertThat(errors).isEmpty();
    }

    @Test
    void whenViewerOpensTheTogglesThenTheyAreShownWithEveryFlipDisabledAndTheReason() {
        Page page = browser.login(base(), "viewer", "viewer");
        page.navigate(base() + "/toggles");

        assertThat(page.getByTestId("toggle")).hasCount(2);
        assertThat(page.getByTestId("flip")).hasCount(0);
        assertThat(page.getByTestId("flip-disabled")).hasCount(2);
        for (Locator button : page.getByTestId("flip-disabled").all()) {
            assertThat(button).isDisabled();
        }
        assertThat(page.getByTestId("kill-switch").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON))
                .isDisabled();
        assertThat(page.getByTestId("rbac-reason").first()).containsText("viewer");
    }

    private void awaitInventory(int expected) {
        JsonMapper json = JsonMapper.builder().build();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            String body = ConsoleHttp.basic(base(), "viewer", "viewer").get("/api/v1/toggles").body();
            if (json.readTree(body).get(0).get("impact").get("count").intValue() == expected) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
