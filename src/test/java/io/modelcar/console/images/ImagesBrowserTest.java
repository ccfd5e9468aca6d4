package io.modelcar.console.images;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.LocalRegistry;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The images page in headless Chromium: upload, progress, the pinned URI; resolving and its errors. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ImagesBrowserTest extends MockClusterTest {

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.open();

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void images(DynamicPropertyRegistry properties) throws Exception {
        Path work = Files.createTempDirectory("images-browser");
        properties.add("console.images.registry.url", registry::url);
        properties.add("console.images.work-dir", work::toString);
        properties.add("console.images.busybox-path", ImageBuildRegistryTest::busybox);
        properties.add("console.images.allowed-registries[0]", () -> "127.0.0.1:1"); // named: loopback allowed
    }

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void whenFilesAreUploadedThenProgressEndsWithAPinnedUriAndResolvingTheTagGivesTheSameDigest() {
        Page page = browser.login(base(), "operator", "operator");
        List<String> errors = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add(m.text());
            }
        });
        page.navigate(base() + "/images");

        page.getByLabel("Model files").setInputFiles(new FilePayload[] {
                new FilePayload("model.joblib", "application/octet-stream",
                        "weights".getBytes(StandardCharsets.UTF_8))});
        page.getByLabel("Repository").fill("models/browser");
        page.getByLabel("Tag", new Page.GetByLabelOptions().setExact(true)).fill("1.0");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Build and push")).click();

        assertThat(page.getByTestId("build-state")).hasText("Succeeded",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.getByTestId("build-uri")).hasValue(Pattern.compile(
                "oci://" + registry.host().replace(".", "\\.") + "/models/browser:1\\.0@sha256:[0-9a-f]{64}"));
        String uri = page.getByTestId("build-uri").inputValue();

        page.getByLabel("Image or storage URI").fill("oci://" + registry.host() + "/models/browser:1.0");
        page.getByLabel("InferenceService namespace", new Page.GetByLabelOptions().setExact(true)).fill("team-a");
        page.getByLabel("InferenceService name", new Page.GetByLabelOptions().setExact(true)).fill("iris");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve")).click();

        assertThat(page.getByTestId("pinned-uri")).hasValue(uri);
        assertThat(page.getByTestId("kubectl-patch")).containsText("kubectl patch inferenceservice iris -n team-a");
        org.assertj.core.api.Assertions.assertThat(errors).isEmpty();
    }

    @Test
    void whenTheRegistryCannotBeReachedThenTheResolveFormSaysSoAndKeepsTheInput() {
        Page page = browser.login(base(), "operator", "operator");
        page.navigate(base() + "/images");
        String reference = "oci://127.0.0.1:1/models/none:latest";

        page.getByLabel("Image or storage URI").fill(reference);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve")).click();

        assertThat(page.getByTestId("resolve-error")).containsText("did not answer");
        assertThat(page.getByLabel("Image or storage URI")).hasValue(reference);
    }

    @Test
    void whenAnInferenceServicePointsAtAnUnreachableRegistryThenThePinsShowTheErrorBesideTheUri() {
        String ns = "pins-browser";
        api.client().genericKubernetesResources(io.modelcar.console.kubernetes.KServeResources.INFERENCE_SERVICES)
                .inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                        .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                        .withNewMetadata().withName("away").withNamespace(ns).endMetadata()
                        .addToAdditionalProperties("spec", java.util.Map.of("predictor", java.util.Map.of("model",
                                java.util.Map.of("modelFormat", java.util.Map.of("name", "sklearn"),
                                        "storageUri", "oci://127.0.0.1:1/gone/model:latest"))))
                        .build()).create();
        Page page = browser.login(base(), "viewer", "viewer");

        page.navigate(base() + "/images?namespace=" + ns + "&name=away");

        assertThat(page.getByTestId("pins-table")).containsText("spec.predictor.model.storageUri",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertThat(page.getByTestId("pins-table")).containsText("latest-tag");
        assertThat(page.getByTestId("pins-table")).containsText("Registry unreachable");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("absent");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show pins")).click();
        assertThat(page.getByTestId("pins-error")).containsText("There is no InferenceService " + ns + "/absent");
    }

    /** The mock API is shared by the whole JVM: other features count its OCI InferenceServices. */
    @org.junit.jupiter.api.AfterEach
    void removeOwnInferenceServices() {
        api.client().genericKubernetesResources(io.modelcar.console.kubernetes.KServeResources.INFERENCE_SERVICES)
                .inNamespace("pins-browser").delete();
    }

    @Test
    void whenAViewerOpensThePageThenBuildingIsDisabledAndSaysWhy() {
        Page page = browser.login(base(), "viewer", "viewer");
        page.navigate(base() + "/images");

        assertThat(page.getByTestId("read-only")).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Build and push")))
                .isDisabled();
    }
}
