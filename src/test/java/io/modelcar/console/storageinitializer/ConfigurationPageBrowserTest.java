package io.modelcar.console.storageinitializer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The configuration page in headless Chromium: form, preview, errors beside fields, the conflict flow. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ConfigurationPageBrowserTest extends MockClusterTest {

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    String originalRaw;
    final List<String> consoleErrors = new ArrayList<>();

    @BeforeEach
    void remember() {
        originalRaw = raw();
    }

    @AfterEach
    void restoreSharedConfigMap() {
        storeRaw(originalRaw);
        org.assertj.core.api.Assertions.assertThat(consoleErrors).as("browser console errors").isEmpty();
    }

    static String raw() {
        return api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get()
                .getData().get("storageInitializer");
    }

    static JsonNode stored() {
        return ConfigJson.parse(raw()).value();
    }

    static void storeRaw(String raw) {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("storageInitializer", raw);
            return cm;
        });
    }

    Page open(String user) {
        Page page = browser.login("http://localhost:" + port, user, user);
        page.onConsoleMessage(m -> {
            // 4xx answers the page handles (409, 422) are logged by Chromium as failed resources: not script errors.
            if ("error".equals(m.type()) && !m.text().startsWith("Failed to load resource")) {
                consoleErrors.add(m.text());
            }
        });
        page.navigate("http://localhost:" + port + "/configuration");
        page.locator("[data-testid=config-editor][data-ready=true]").waitFor();
        return page;
    }

    Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    @Test
    void whenOperatorPreviewsAndSavesThenDiffIsShownFirstAndTheValueIsWritten() {
        Page page = open("operator");
        assertThat(page.locator("#field-memoryLimit")).hasValue("1Gi");
        assertThat(page.locator("#field-enableModelcar")).hasValue("true");

        page.locator("#field-enableModelcar").selectOption("false");
        button(page, "Preview changes").click();

        Locator preview = page.getByTestId("preview");
        assertThat(preview).isVisible();
        assertThat(preview.locator("tbody tr")).hasCount(1);
        assertThat(preview.locator("tbody tr th")).hasText("enableModelcar");
        org.assertj.core.api.Assertions.assertThat(raw()).isEqualTo(originalRaw);

        button(page, "Save").click();
        assertThat(page.getByTestId("status")).containsText("Saved");
        org.assertj.core.api.Assertions.assertThat(stored().get("enableModelcar").booleanValue()).isFalse();
        org.assertj.core.api.Assertions.assertThat(stored().get("uidModelcar").intValue()).isEqualTo(1010);
    }

    @Test
    void whenValueIsInvalidThenMessageBesideTheFieldAndNothingWritten() {
        Page page = open("operator");
        page.locator("#field-memoryRequest").fill("10 Mi");
        page.locator("#field-uidModelcar").fill("ten");
        button(page, "Preview changes").click();

        assertThat(page.locator("[data-error-for=memoryRequest]")).containsText("not a Kubernetes quantity");
        assertThat(page.locator("[data-error-for=uidModelcar]")).containsText("integer");
        assertThat(page.getByTestId("preview")).isHidden();
        assertThat(page.locator("#field-memoryRequest")).hasValue("10 Mi");
        org.assertj.core.api.Assertions.assertThat(raw()).isEqualTo(originalRaw);
    }

    @Test
    void whenClusterChangedMeanwhileThenUserEditsAreKeptComparedAndReappliedOnTop() {
        Page page = open("operator");
        page.locator("#field-cpuModelcar").fill("20m");
        page.locator("#field-enableModelcar").selectOption("false");
        // Someone else changes the configuration after the page was loaded.
        storeRaw(originalRaw.replace("\"memoryLimit\": \"1Gi\"", "\"memoryLimit\": \"2Gi\""));

        button(page, "Preview changes").click();

        Locator conflict = page.getByTestId("conflict");
        assertThat(conflict).isVisible();
        assertThat(page.getByTestId("conflict-yours").locator("tbody th")).hasText(new String[] {"enableModelcar",
                "cpuModelcar"});
        assertThat(page.getByTestId("conflict-theirs").locator("tbody th")).hasText(new String[] {"memoryLimit"});
        assertThat(page.locator("#field-cpuModelcar")).hasValue("20m");
        assertThat(page.locator("#field-enableModelcar")).hasValue("false");

        button(page, "Re-apply my changes on top of the current version").click();

        assertThat(conflict).isHidden();
        assertThat(page.locator("#field-memoryLimit")).hasValue("2Gi");
        assertThat(page.locator("#field-cpuModelcar")).hasValue("20m");
        assertThat(page.getByTestId("preview").locator("tbody th")).hasText(new String[] {"enableModelcar",
                "cpuModelcar"});
        button(page, "Save").click();
        assertThat(page.getByTestId("status")).containsText("Saved");

        JsonNode stored = stored();
        org.assertj.core.api.Assertions.assertThat(stored.get("memoryLimit").stringValue()).isEqualTo("2Gi");
        org.assertj.core.api.Assertions.assertThat(stored.get("cpuModelcar").stringValue()).isEqualTo("20m");
        org.assertj.core.api.Assertions.assertThat(stored.get("enableModelcar").booleanValue()).isFalse();
    }

    @Test
    void whenStoredValueIsBrokenThenRawViewShowsLineAndColumnAndRepairs() {
        storeRaw("{\n    \"memoryRequest\": \"100Mi\",\n    \"memoryLimit\": \"1Gi\",\n    \"cpuRequest\": \"100m\"\n"
                + "    \"cpuLimit\": \"1\"\n}");
        Page page = open("operator");

        assertThat(page.getByTestId("parse-error")).containsText("line 5, column 5");
        assertThat(page.locator("#panel-raw")).isVisible();
        assertThat(page.getByTestId("raw-error")).containsText("line 5");

        page.getByTestId("raw-json").fill("{\n    \"memoryRequest\": \"100Mi\",\n    \"memoryLimit\": \"1Gi\",\n"
                + "    \"cpuRequest\": \"100m\",\n    \"cpuLimit\": \"1\"\n}");
        button(page, "Preview changes").click();
        assertThat(page.getByTestId("preview")).isVisible();
        button(page, "Save").click();
        assertThat(page.getByTestId("status")).containsText("Saved");
        org.assertj.core.api.Assertions.assertThat(stored()).isNotNull();
        org.assertj.core.api.Assertions.assertThat(stored().get("cpuLimit").stringValue()).isEqualTo("1");
    }

    @Test
    void whenViewerThenReadOnly() {
        Page page = open("viewer");
        assertThat(page.getByTestId("read-only")).isVisible();
        assertThat(page.locator("#field-memoryLimit")).isDisabled();
        assertThat(page.getByTestId("read-only")).containsText("Your role (viewer) cannot change the configuration");
        assertThat(button(page, "Preview changes")).isDisabled();
        assertThat(page.locator("[data-action=save]")).isDisabled();
        assertThat(page.locator("[data-action=reapply]")).isDisabled();
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Raw JSON")).click();
        assertThat(page.getByTestId("raw-json")).isVisible();
        assertThat(page.getByTestId("raw-json")).isDisabled();
    }
}
