package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Writes when the API server is gone (503 with Retry-After, nothing written, works again once it is back) and a
 * write in flight while the console shuts down (graceful shutdown lets it finish). Each test starts its own console
 * against its own API server, so that it can stop both.
 */
class WritesUnderFaultsTest {

    static final String SI = "/api/v1/storage-initializer";

    MockKubernetesApi api;
    ConfigurableApplicationContext console;

    @BeforeEach
    void start() {
        api = MockKubernetesApi.start();
        new KServeSeed(api.client()).all();
        // As command-line arguments, not default properties: application.yaml's server.port (8080) would win over
        // a default property, and two runs on one machine would then collide on that port.
        console = new SpringApplicationBuilder(ModelcarConsoleApplication.class).profiles("sandbox")
                .run("--server.port=0", "--console.kubernetes.master-url=" + api.url(),
                        "--console.kubernetes.request-timeout=5s", "--console.kubernetes.health.probe-interval=300ms",
                        "--spring.main.banner-mode=off");
    }

    @AfterEach
    void stop() {
        if (console.isActive()) {
            console.close();
        }
        api.close();
    }

    @Test
    void whenApiServerIsDownThenWritesAnswer503WithRetryAfterWriteNothingAndWorkAgainLater() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        HttpResponse<String> current = operator.get(SI);
        String etag = current.headers().firstValue("ETag").orElseThrow();
        String before = configMapVersion();

        api.stopAnswering();
        try {
            HttpResponse<String> write = operator.send("PATCH", SI, "application/merge-patch+json",
                    "{\"memoryLimit\": \"2Gi\"}", "If-Match", etag);
            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(write.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(write.body()).contains("urn:modelcar-console:problem:cluster-unreachable")
                    .doesNotContain("Exception").doesNotContain(api.url());
            HttpResponse<String> toggle = operator.send("PUT", "/api/v1/toggles/modelcar", "application/json",
                    "{\"enabled\": false}", "If-Match", etag);
            assertThat(toggle.statusCode()).isEqualTo(503);
            assertThat(toggle.headers().firstValue("Retry-After")).isPresent();
        } finally {
            api.resumeAnswering();
        }
        assertThat(configMapVersion()).as("nothing written").isEqualTo(before);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(operator.send("PATCH", SI,
                "application/merge-patch+json", "{\"memoryLimit\": \"2Gi\"}", "If-Match", etag).statusCode())
                .isEqualTo(200));
    }

    @Test
    void whenConsoleShutsDownDuringAWriteThenTheWriteFinishes() throws Exception {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        String etag = operator.get(SI).headers().firstValue("ETag").orElseThrow();
        api.delayAnswers(Duration.ofMillis(1500), "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP));
        api.clearRequests();

        CompletableFuture<HttpResponse<String>> write = CompletableFuture.supplyAsync(() -> operator.send("PATCH",
                SI, "application/merge-patch+json", "{\"memoryLimit\": \"3Gi\"}", "If-Match", etag));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.count("PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP)) >= 1);
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(console::close);

        HttpResponse<String> response = write.get(60, TimeUnit.SECONDS);
        shutdown.get(60, TimeUnit.SECONDS);
        System.out.printf("[shutdown] in-flight write answered %d during graceful shutdown%n",
                response.statusCode());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("3Gi");
        assertThat(api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get()
                .getData().get("storageInitializer")).contains("3Gi");
    }

    private String configMapVersion() {
        return api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get()
                .getMetadata().getResourceVersion();
    }

    private String base() {
        return "http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort();
    }
}
