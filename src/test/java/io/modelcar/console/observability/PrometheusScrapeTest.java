package io.modelcar.console.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.modelcar.console.testsupport.Prerequisite;
import io.modelcar.console.testsupport.PrometheusTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's, on loopback, its own port and storage) scrapes the console's management port as the
 * chart's ServiceMonitor tells it to, and the console's metrics come back through Prometheus's query API.
 */
class PrometheusScrapeTest extends ManagementPortConsole {

    @RegisterExtension
    static final Prerequisite PROMETHEUS = PrometheusTools.prometheus();

    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    Process prometheus;
    int prometheusPort;

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void whenPrometheusScrapesTheConsoleThenItsMetricsCanBeQueriedBackWithTheirLabels() throws IOException {
        startPrometheus();

        JsonNode up = awaitResult("up{job=\"modelcar-console\"}");
        assertThat(up.get(0).get("value").get(1).asString()).isEqualTo("1");
        JsonNode reachable = awaitResult("modelcar_console_apiserver_reachable");
        assertThat(reachable.get(0).get("value").get(1).asString()).isEqualTo("1");
        // honor_labels (the ServiceMonitor's honorLabels): the InferenceServices' namespace stays "namespace"
        JsonNode seeded = awaitResult("sum(modelcar_console_inferenceservices{namespace=\"modelcar-demo\"})");
        assertThat(seeded.get(0).get("value").get(1).asDouble()).isPositive();
        assertThat(awaitResult("modelcar_console_config_writes_total{source=\"page\",outcome=\"success\"}"))
                .isNotEmpty();
    }

    private void startPrometheus() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            prometheusPort = socket.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: modelcar-console
                    metrics_path: /actuator/prometheus
                    honor_labels: true
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(managementPort));
        prometheus = new ProcessBuilder(PrometheusTools.PROMETHEUS.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** Polls Prometheus's query API until the query has a result (the first scrapes take a few seconds). */
    private JsonNode awaitResult(String query) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> query(query), result -> !result.isEmpty());
    }

    private JsonNode query(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + prometheusPort + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asString()).as(response.body()).isEqualTo("success");
        return body.get("data").get("result");
    }
}
