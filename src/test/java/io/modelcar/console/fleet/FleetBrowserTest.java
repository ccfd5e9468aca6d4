package io.modelcar.console.fleet;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import io.modelcar.console.testsupport.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promotion in headless Chromium: from the fleet page, the diff first, then the staging confirmation, then the write;
 * and the cluster picker taking the page to another cluster.
 */
class FleetBrowserTest extends FleetTest {

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void whenAnOperatorPromotesToStagingThenTheDiffComesFirstAndTheTypedNameWrites() {
        memoryLimits("1Gi", "7Gi", "4Gi");
        Page page = browser.login(base(), "operator", "operator");
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });

        page.navigate(base() + "/fleet");
        assertThat(page.locator("[data-testid=fleet-difference][data-key=memoryLimit]")).containsText("7Gi");
        page.getByTestId("promotion-source").selectOption("local");
        page.getByTestId("promotion-target").selectOption("staging");
        page.getByTestId("promotion-preview").click();

        assertThat(page.locator("[data-testid=promotion-change][data-key=memoryLimit]")).containsText("7Gi");
        assertThat(page.locator("[data-testid=promotion-change][data-key=memoryLimit]")).containsText("1Gi");
        org.assertj.core.api.Assertions.assertThat(PromotionApiTest.memoryLimit(staging)).isEqualTo("7Gi");
        page.getByTestId("promotion-confirm-text").fill("staging");
        page.getByTestId("promotion-write").click();

        assertThat(page.getByTestId("fleet-message")).containsText("Promoted local@");
        org.assertj.core.api.Assertions.assertThat(PromotionApiTest.memoryLimit(staging)).isEqualTo("1Gi");
        org.assertj.core.api.Assertions.assertThat(errors).isEmpty();
    }

    @Test
    void whenPickingAnotherClusterThenTheSamePageOfThatClusterWithItsBanner() {
        Page page = browser.login(base(), "viewer", "viewer");

        page.navigate(base() + "/configuration");
        assertThat(page.getByTestId("environment-banner")).containsText("local: Test cluster");
        page.getByTestId("cluster-picker").getByText("production").click();

        assertThat(page).hasURL(base() + "/clusters/production/configuration");
        assertThat(page.getByTestId("environment-banner")).containsText("production: PRODUCTION cluster");
    }
}
