package io.modelcar.console.inferenceservices;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.modelcar.console.inferenceservices.InferenceServiceApiTest.isvc;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The inventory pages in headless Chromium: live list, detail with remedies, overview counts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class InventoryBrowserTest extends MockClusterTest {

    static final LocatorAssertions.HasCountOptions SOON = new LocatorAssertions.HasCountOptions().setTimeout(4000);
    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    KubernetesClient client = api.client();

    @Test
    void theListFollowsCreateChangeAndDeleteWithoutReloading() {
        String ns = "inventory-browser";
        Page page = browser.login(base(), "viewer", "viewer");
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });
        page.navigate(base() + "/inferenceservices?namespace=" + ns);
        page.evaluate("() => { window.__notReloaded = true; }");
        Locator rows = page.locator("[data-testid=isvc-row][data-key='" + ns + "/live']");
        assertThat(rows).hasCount(0);

        client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(ns)
                .resource(isvc(ns, "live", "oci://quay.io/acme-ai/live:1.0")).create();
        try {
            assertThat(rows).hasCount(1, SOON);
            assertThat(rows.locator(".warning-code")).hasCount(0);

            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(ns).withName("live")
                    .edit(r -> isvc(ns, "live", "oci://quay.io/acme-ai/live:latest"));
            assertThat(rows.locator(".warning-code")).hasCount(1, SOON);
            assertThat(rows.locator(".warning-code")).hasText("latest-tag");
        } finally {
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(ns).withName("live")
                    .delete();
        }
        assertThat(rows).hasCount(0, SOON);
        org.assertj.core.api.Assertions.assertThat(page.evaluate("() => window.__notReloaded === true"))
                .isEqualTo(true);
        org.assertj.core.api.Assertions.assertThat(errors).isEmpty();
    }

    @Test
    void theDetailPageExplainsEachWarningAndShowsPodEvidence() {
        Page page = browser.login(base(), "viewer", "viewer");
        page.navigate(base() + "/inferenceservices/modelcar-demo/llama-chat");

        assertThat(page.getByTestId("detail-verdict")).hasText("modelcar-ready");
        Locator warning = page.locator("[data-testid=detail-warnings] li[data-code=latest-tag]");
        assertThat(warning).containsText("Pin a tag or digest: :latest is pulled on every pod start");
        assertThat(page.getByTestId("detail-storage")).containsText("acme-ai/llama-3-8b-instruct");
        assertThat(page.getByTestId("detail-storage")).containsText("Always");
        assertThat(page.getByTestId("detail-pods")).containsText("Terminated: Completed");
        assertThat(page.getByTestId("detail-pods")).containsText("14 s");

        page.navigate(base() + "/inferenceservices/modelcar-demo/mistral-missing");
        assertThat(page.getByTestId("detail-verdict")).hasText("image-pull-error");
        assertThat(page.getByTestId("detail-pods")).containsText("ImagePullBackOff");
    }

    @Test
    void theOverviewCountsVerdictsWarningsAndComparesStartUps() {
        Page page = browser.login(base(), "viewer", "viewer");

        assertThat(page.getByTestId("modelcar-state")).hasText("On");
        assertThat(page.getByTestId("controller-health")).hasText("Healthy");
        assertThat(page.locator("[data-testid=verdict-counts] tr[data-verdict=image-pull-error] td.num"))
                .not().hasText("0");
        assertThat(page.locator("[data-testid=warning-counts] tr[data-warning=latest-tag]")).hasCount(1);
        assertThat(page.locator("[data-testid=startup-comparison] tr[data-kind=modelcar] td").nth(2))
                .containsText(" s");
        assertThat(page.locator("[data-testid=startup-comparison] tr[data-kind=storage-initializer] td").nth(2))
                .containsText(" s");
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
