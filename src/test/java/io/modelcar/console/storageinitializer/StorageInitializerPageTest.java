package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The configuration page and its endpoints over HTTP with a browser-like session. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class StorageInitializerPageTest extends MockClusterTest {

    @LocalServerPort
    int port;

    String originalRaw;

    @BeforeEach
    void remember() {
        originalRaw = configMap().getData().get("storageInitializer");
    }

    @AfterEach
    void restoreSharedConfigMap() {
        storeRaw(originalRaw);
    }

    static ConfigMap configMap() {
        return api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get();
    }

    static void storeRaw(String raw) {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("storageInitializer", raw);
            return cm;
        });
    }

    String base() {
        return "http://localhost:" + port;
    }

    String saveBody(String version) {
        return "{\"resourceVersion\": \"" + version + "\", \"raw\": \"{\\\"memoryRequest\\\": \\\"100Mi\\\", "
                + "\\\"memoryLimit\\\": \\\"1Gi\\\", \\\"cpuRequest\\\": \\\"100m\\\", \\\"cpuLimit\\\": \\\"1\\\"}\"}";
    }

    @Test
    void pageShowsEveryKeyTheVersionReadsWithHelp() {
        HttpResponse<String> page = ConsoleHttp.browser(base(), "viewer", "viewer").get("/configuration");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-page=\"configuration\"")
                .contains("id=\"field-enableOciModelSupport\"").contains("id=\"field-ociModelMode\"")
                .contains("id=\"field-uidModelcar\"").contains("runAsUser of the modelcar sidecar")
                .doesNotContain("id=\"field-enableDirectPvcVolumeMount\"")
                .doesNotContain("id=\"field-ociInsecureRegistry\"")
                .contains("data-testid=\"read-only\"");
    }

    @Test
    void whenStoredValueIsBrokenThenPageShowsItRawWithLineAndColumn() {
        storeRaw("{\n    \"enableModelcar\": true,\n    \"cpuLimit\": \"1\"\n    \"uidModelcar\": 1010\n}");
        HttpResponse<String> page = ConsoleHttp.browser(base(), "operator", "operator").get("/configuration");
        assertThat(page.body()).contains("data-testid=\"parse-error\"").contains("line 4, column 5")
                .contains("&quot;cpuLimit&quot;: &quot;1&quot;");
    }

    @Test
    void whenFormPostHasNoCsrfTokenThenForbiddenAndNothingChanged() {
        ConsoleHttp session = ConsoleHttp.browser(base(), "operator", "operator");
        String version = configMap().getMetadata().getResourceVersion();

        HttpResponse<String> response = session.send("POST", "/configuration/save", "application/json",
                saveBody(version));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(configMap().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void whenViewerSavesThenForbidden() {
        ConsoleHttp session = ConsoleHttp.browser(base(), "viewer", "viewer");
        String version = configMap().getMetadata().getResourceVersion();

        HttpResponse<String> response = session.send("POST", "/configuration/save", "application/json",
                saveBody(version), "X-CSRF-TOKEN", session.csrfToken());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(configMap().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void whenOperatorSavesWithCsrfThenWrittenAndStaleVersionIsAConflictWithTheCurrentState() {
        ConsoleHttp session = ConsoleHttp.browser(base(), "operator", "operator");
        String version = configMap().getMetadata().getResourceVersion();

        HttpResponse<String> saved = session.send("POST", "/configuration/save", "application/json",
                saveBody(version), "X-CSRF-TOKEN", session.csrfToken());
        HttpResponse<String> stale = session.send("POST", "/configuration/save", "application/json",
                saveBody(version), "X-CSRF-TOKEN", session.csrfToken());

        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(configMap().getData().get("storageInitializer")).startsWith("{\n    \"memoryRequest\": ");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(ConfigJson.parse(stale.body()).value().path("current").path("resourceVersion").asString())
                .isEqualTo(configMap().getMetadata().getResourceVersion());
    }

    /**
     * The page's script asks for JSON: a save the API server refuses (a ValidatingAdmissionPolicy) answers the
     * Problem it shows beside the form it keeps, not the HTML error page (which the script showed as text).
     */
    @Test
    void whenTheApiServerRefusesASaveThenThePagesScriptGetsTheProblemAsJsonAndNothingChanged() {
        ConsoleHttp session = ConsoleHttp.browser(base(), "operator", "operator");
        String version = configMap().getMetadata().getResourceVersion();
        api.answerNext(1, 422, "PUT", path -> path.contains("/configmaps/"),
                "configmaps \"inferenceservice-config\" is forbidden: ValidatingAdmissionPolicy 'freeze' denied");

        HttpResponse<String> refused = session.send(session.request("/configuration/save")
                .setHeader("Accept", "application/json, application/problem+json")
                .setHeader("Content-Type", "application/json").setHeader("X-CSRF-TOKEN", session.csrfToken())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(saveBody(version))).build());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(ConfigJson.parse(refused.body()).value().path("detail").asString())
                .contains("rejected the change").contains("ValidatingAdmissionPolicy 'freeze' denied");
        assertThat(configMap().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void whenThePageSendsMoreThanMaxBodyBytesThenPayloadTooLargeAndNothingChanged() {
        ConsoleHttp session = ConsoleHttp.browser(base(), "operator", "operator");
        ConfigMap before = configMap();
        String padding = "x".repeat(70_000); // max-body-bytes is 65,536
        String body = "{\"resourceVersion\": \"" + before.getMetadata().getResourceVersion()
                + "\", \"raw\": \"{\\\"memoryRequest\\\": \\\"100Mi\\\", \\\"note\\\": \\\"" + padding
                + "\\\"}\"}";

        for (String endpoint : new String[] {"/configuration/preview", "/configuration/save"}) {
            HttpResponse<String> response = session.send("POST", endpoint, "application/json", body, "X-CSRF-TOKEN",
                    session.csrfToken());
            assertThat(response.statusCode()).as(endpoint).isEqualTo(413);
            assertThat(response.body()).as(endpoint).contains("65536");
        }
        assertThat(configMap().getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void whenOpenDataHubOwnsTheConfigMapThenPageWarnsBeforeSaving() {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getMetadata().getLabels().put("app.opendatahub.io/kserve", "true");
            return cm;
        });
        try {
            HttpResponse<String> page = ConsoleHttp.browser(base(), "operator", "operator").get("/configuration");
            assertThat(page.body()).contains("data-testid=\"managed-by\"").contains("alert alert-warn")
                    .contains("opendatahub.io/managed=false");
        } finally {
            api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
                cm.getMetadata().getLabels().remove("app.opendatahub.io/kserve");
                return cm;
            });
        }
    }
}
