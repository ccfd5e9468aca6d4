package io.modelcar.console.rollout;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.KServeSeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The controller page in headless Chromium, against the in-memory API with the rollout simulation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ControllerPageBrowserTest extends RolloutClusterTest {

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    @Test
    void whenOperatorRestartsTheControllerThenTheProgressBarFollowsItToSucceeded() {
        Page page = browser.login(base(), "operator", "operator");
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });
        page.navigate(base() + "/controller");
        assertThat(page.getByTestId("controller-deployment")).hasText("kserve/" + KServeSeed.CONTROLLER);
        page.getByLabel("Strategy").selectOption("rollout");

        page.getByTestId("restart-button").click();

        assertThat(page.getByTestId("restart-progress")).isVisible();
        assertThat(page.getByTestId("restart-state")).hasText("Succeeded",
                new LocatorAssertions.HasTextOptions().setTimeout(20_000));
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.PROGRESSBAR))
                .hasAttribute("aria-valuenow", "100");
        assertThat(page.getByTestId("restart-message")).containsText("restarted");
        assertThat(page.getByTestId("restart-button")).isEnabled();
        assertThat(page.locator("#controller-pods tr")).hasCount(1);
        assertThat(page.locator("#controller-pods tr td").last()).hasText("new");
        assertThat(page.getByTestId("controller-ready")).hasText("1 / 1");
        page.reload();
        assertThat(page.getByTestId("restart-history")).containsText("Succeeded");
        assertThat(page.getByTestId("controller-pods")).not().containsText(KServeSeed.CONTROLLER + "-7d9f8c6b5-x2k4q");
        org.assertj.core.api.Assertions.assertThat(errors).isEmpty();
    }

    @Test
    void whenAStartupKeyWouldCrashTheControllerThenThePageSaysWhichAndNothingStarts() {
        String original = KServeSeed.configMap().getData().get("deploy");
        editConfig("deploy", "{\"defaultDeploymentMode\": \"Serverfull\"}");
        try {
            Page page = browser.login(base(), "operator", "operator");
            page.navigate(base() + "/controller");
            page.getByTestId("restart-button").click();
            assertThat(page.getByTestId("restart-error")).isVisible();
            assertThat(page.getByTestId("restart-error")).containsText("deploy");
            assertThat(page.getByTestId("restart-error")).containsText("Serverfull");
            assertThat(page.getByTestId("restart-progress")).isHidden();
        } finally {
            editConfig("deploy", original);
        }
    }

    @Test
    void whenViewerOpensThePageThenTheRestartButtonIsDisabledWithTheReason() {
        Page page = browser.login(base(), "viewer", "viewer");
        page.navigate(base() + "/controller");
        assertThat(page.getByTestId("restart-button")).isDisabled();
        assertThat(page.getByTestId("restart-disabled-reason")).containsText("viewer");
    }

    private static void editConfig(String key, String value) {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put(key, value);
            return cm;
        });
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
