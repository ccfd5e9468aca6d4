package io.modelcar.console.toggles;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The toggle API, the toggle and history pages over HTTP, on a test cluster (the default environment). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ToggleApiTest extends MockClusterTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

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
    void whenListedThenEachToggleHasItsStateAndTheImpactListsExactlyTheOciInferenceServices() {
        TreeSet<String> seeded = SharedCluster.seededOciUsers();
        assertThat(seeded).hasSizeGreaterThan(5);
        TreeSet<String> expected = SharedCluster.ociUsersInCluster(client);
        assertThat(expected).containsAll(seeded);

        JsonNode modelcar = awaitImpactCount(expected.size());

        TreeSet<String> listed = new TreeSet<>();
        modelcar.get("impact").get("inferenceServices")
                .forEach(i -> listed.add(i.get("namespace").stringValue() + "/" + i.get("name").stringValue()));
        assertThat(listed).isEqualTo(expected);
        assertThat(modelcar.get("enabled").booleanValue()).isTrue();
        assertThat(modelcar.get("key").stringValue()).isEqualTo("enableModelcar");
        assertThat(modelcar.get("editable").booleanValue()).isTrue();
        assertThat(modelcar.get("impact").get("summary").stringValue()).isEqualTo(expected.size()
                + " InferenceServices use oci://; turning Modelcars off makes their next pods fail (the "
                + "storage-initializer cannot read oci://: \"Cannot recognize storage type\"). Running pods keep "
                + "working until they are recreated.");
        HttpResponse<String> list = viewer().get("/api/v1/toggles");
        assertThat(list.headers().firstValue("ETag"))
                .isEqualTo(viewer().get("/api/v1/storage-initializer").headers().firstValue("ETag"));
        assertThat(json(list.body())).extracting(n -> n.get("name").stringValue())
                .containsExactly("modelcar", "oci-model-support");
    }

    @Test
    void whenFlippedWithIfMatchThenWrittenThroughTheConfigurationAndWithoutThenRefused() {
        String etag = etag();
        HttpResponse<String> missing = operator().send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false}");
        HttpResponse<String> stale = operator().send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false}", "If-Match", "\"1\"");
        HttpResponse<String> viewer = viewer().send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false}", "If-Match", etag);
        assertThat(missing.statusCode()).isEqualTo(428);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(stale.body()).get("currentResourceVersion").stringValue()).isEqualTo(etag.replace("\"", ""));
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(SharedCluster.storedRaw(client)).isEqualTo(original);

        HttpResponse<String> flipped = operator().send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false}", "If-Match", etag);

        assertThat(flipped.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(flipped.body());
        assertThat(body.get("enabled").booleanValue()).isFalse();
        assertThat(body.get("lastChange").get("actor").stringValue()).isEqualTo("operator");
        assertThat(flipped.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        JsonNode config = JSON.readTree(viewer().get("/api/v1/storage-initializer").body()).get("config");
        assertThat(config.get("enableModelcar").booleanValue()).isFalse();
        assertThat(client.v1().events().inNamespace(KServeSeed.NAMESPACE).list().getItems())
                .anySatisfy(e -> assertThat(e.getMessage()).contains("operator: toggle.modelcar.off success"));
    }

    @Test
    void historyListsChangesFromEveryPathAndRestoresAnOlderVersion() throws Exception {
        String since = newestHistoryId();
        // API
        HttpResponse<String> put = operator().send("PATCH", "/api/v1/storage-initializer",
                "application/merge-patch+json", "{\"cpuModelcar\": \"20m\"}", "If-Match", etag());
        assertThat(put.statusCode()).isEqualTo(200);
        // configuration page
        ConsoleHttp page = ConsoleHttp.browser(base(), "operator", "operator");
        tools.jackson.databind.node.ObjectNode config = (tools.jackson.databind.node.ObjectNode) JSON
                .readTree(viewer().get("/api/v1/storage-initializer").body()).get("config");
        config.put("cpuModelcar", "30m");
        HttpResponse<String> saved = page.send("POST", "/configuration/save", "application/json",
                "{\"resourceVersion\": \"" + etag().replace("\"", "") + "\", \"config\": " + config + "}",
                "X-CSRF-TOKEN", page.csrfToken());
        assertThat(saved.statusCode()).isEqualTo(200);
        // toggle (API), for a second: the expiry flips it back
        HttpResponse<String> timed = operator().send("PUT", "/api/v1/toggles/oci-model-support", "application/json",
                "{\"enabled\": true, \"ociModelMode\": \"native\", \"expiresIn\": \"PT1S\"}", "If-Match", etag());
        assertThat(timed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(timed.body()).get("expiresAt").isNull()).isFalse();
        awaitSource("expiry", since);
        // toggle (page)
        HttpResponse<String> form = page.send("POST", "/toggles/modelcar", "application/x-www-form-urlencoded",
                "enabled=false&resourceVersion=" + etag().replace("\"", "") + "&_csrf=" + page.csrfToken());
        assertThat(form.statusCode()).isEqualTo(302);
        // kill switch
        HttpResponse<String> kill = operator().send("POST", "/api/v1/toggles/kill-switch", "application/json", "{}");
        assertThat(kill.statusCode()).isEqualTo(200);
        // rollback to the version the API change wrote, from the history page
        JsonNode apiChange = entries(since).stream().filter(e -> e.get("source").stringValue().equals("api"))
                .findFirst().orElseThrow();
        HttpResponse<String> restore = page.send("POST", "/history/" + apiChange.get("id").stringValue()
                + "/restore", "application/x-www-form-urlencoded", "resourceVersion=" + etag().replace("\"", "")
                + "&_csrf=" + page.csrfToken());
        assertThat(restore.statusCode()).isEqualTo(302);

        assertThat(SharedCluster.storedRaw(client)).isEqualTo(apiChange.get("after").stringValue());
        assertThat(entries(since)).extracting(e -> e.get("source").stringValue())
                .containsExactly("rollback", "kill-switch", "toggle", "expiry", "toggle", "page", "api");
        String html = ConsoleHttp.browser(base(), "viewer", "viewer").get("/history").body();
        for (String source : List.of("api", "page", "toggle", "expiry", "kill-switch", "rollback")) {
            assertThat(html).contains("data-source=\"" + source + "\"");
        }
        assertThat(html).doesNotContain("data-testid=\"restore\"");
    }

    private JsonNode awaitImpactCount(int expected) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode modelcar;
        do {
            modelcar = json(viewer().get("/api/v1/toggles").body()).get(0);
            if (modelcar.get("impact").get("count").intValue() == expected) {
                return modelcar;
            }
            sleep();
        } while (System.nanoTime() < until);
        return modelcar;
    }

    private void awaitSource(String source, String since) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (entries(since).stream().anyMatch(e -> e.get("source").stringValue().equals(source))) {
                return;
            }
            sleep();
        }
    }

    /** The history entries newer than the entry {@code since} (null: all), newest first. */
    private List<JsonNode> entries(String since) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode e : JSON.readTree(viewer().get("/api/v1/storage-initializer/history").body())) {
            if (e.get("id").stringValue().equals(since)) {
                break;
            }
            entries.add(e);
        }
        return entries;
    }

    private String newestHistoryId() {
        JsonNode history = JSON.readTree(viewer().get("/api/v1/storage-initializer/history").body());
        return history.isEmpty() ? null : history.get(0).get("id").stringValue();
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String etag() {
        return viewer().get("/api/v1/storage-initializer").headers().firstValue("ETag").orElseThrow();
    }

    private static List<JsonNode> json(String body) {
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(body).forEach(items::add);
        return items;
    }

    private ConsoleHttp viewer() {
        return ConsoleHttp.basic(base(), "viewer", "viewer");
    }

    private ConsoleHttp operator() {
        return ConsoleHttp.basic(base(), "operator", "operator");
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
