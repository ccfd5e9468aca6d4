package io.modelcar.console.rollout;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.KServeSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** "Save and restart" on the configuration page: one flow that saves (rv-locked), restarts and follows it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class SaveAndRestartBrowserTest extends RolloutClusterTest {

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    @AfterEach
    void restoreConfig() {
        String shipped = KServeSeed.configMap().getData().get("storageInitializer");
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("storageInitializer", shipped);
            cm.getData().put("deploy", KServeSeed.configMap().getData().get("deploy"));
            return cm;
        });
    }

    @Test
    void whenOperatorSavesAndRestartsThenTheChangeIsStoredAndTheProgressReachesSucceeded() {
        Page page = browser.login(base(), "operator", "operator");
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });
        page.navigate(base() + "/configuration");
        assertThat(page.getByTestId("config-editor")).hasAttribute("data-ready", "true");
        assertThat(page.getByTestId("restart-advice")).containsText("No restart needed");
        page.locator("#field-memoryLimit").fill("2Gi");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview changes")).click();

        page.getByTestId("save-restart").click();

        assertThat(page.getByTestId("restart-progress")).isVisible();
        assertThat(page.getByTestId("restart-state")).hasText("Succeeded",
                new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(page.getByRole(AriaRole.PROGRESSBAR)).hasAttribute("aria-valuenow", "100");
        org.assertj.core.api.Assertions.assertThat(api.client().configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName(KServeSeed.CONFIG_MAP).get().getData().get("storageInitializer")).contains("\"2Gi\"");
        org.assertj.core.api.Assertions.assertThat(errors).isEmpty();
    }

    @Test
    void whenTheRestartIsRefusedThenTheSavedChangeStaysAndThePageSaysWhy() {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("deploy", "{\"defaultDeploymentMode\": \"Serverfull\"}");
            return cm;
        });
        Page page = browser.login(base(), "operator", "operator");
        page.navigate(base() + "/configuration");
        assertThat(page.getByTestId("config-editor")).hasAttribute("data-ready", "true");
        page.locator("#field-memoryLimit").fill("3Gi");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview changes")).click();

        page.getByTestId("save-restart").click();

        assertThat(page.getByTestId("restart-error")).containsText("deploy");
        assertThat(page.getByTestId("restart-progress")).isHidden();
        org.assertj.core.api.Assertions.assertThat(api.client().configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName(KServeSeed.CONFIG_MAP).get().getData().get("storageInitializer")).contains("\"3Gi\"");
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
