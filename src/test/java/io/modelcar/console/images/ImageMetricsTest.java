package io.modelcar.console.images;

import static io.modelcar.console.testsupport.Meters.counted;
import static io.modelcar.console.testsupport.Meters.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcar.console.testsupport.LocalRegistry;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

/**
 * Image builds and resolves as counted in the console's meters: a build pushed into a real registry (Debian's
 * docker-registry), a build whose push the registry fails, and resolves that find a digest or fail.
 */
class ImageMetricsTest {

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.open();

    static final String DIGEST = "sha256:" + "e".repeat(64);
    final MeterRegistry meters = new SimpleMeterRegistry();
    final ImageMetrics metrics = new ImageMetrics(meters);
    final JsonMapper json = JsonMapper.builder().build();
    MockKubernetesApi api;
    HttpServer failingRegistry;
    String failingHost;
    Path root;

    /** A registry that lets the console in (GET /v2/) and knows one tag, but refuses every upload (400). */
    @BeforeEach
    void start() throws IOException {
        api = MockKubernetesApi.start();
        root = Files.createTempDirectory("image-metrics");
        failingRegistry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failingHost = "127.0.0.1:" + failingRegistry.getAddress().getPort();
        failingRegistry.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = 400;
            if (path.equals("/v2/")) {
                status = 200;
            } else if (path.equals("/v2/ns/model/manifests/1")) {
                exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        failingRegistry.start();
    }

    @AfterEach
    void stop() {
        failingRegistry.stop(0);
        api.close();
    }

    @Test
    void whenABuildIsPushedThenASuccessfulBuildIsCountedWithItsDuration() throws IOException {
        builds(registry.host()).fromDirectory(new ImageBuilds.BuildRequest(registry.host(), "models/iris", "1.0",
                null, model().toString()));

        await().atMost(Duration.ofSeconds(90)).until(() -> timed(meters, ImageMetrics.BUILD_DURATION) > 0);
        assertThat(counted(meters, ImageMetrics.BUILDS, "outcome", "success")).isEqualTo(1);
        assertThat(counted(meters, ImageMetrics.BUILDS, "outcome", "failed")).isZero();
    }

    @Test
    void whenTheRegistryFailsThePushThenAFailedBuildIsCounted() throws IOException {
        builds(failingHost).fromDirectory(new ImageBuilds.BuildRequest(failingHost, "models/iris", "1.0", null,
                model().toString()));

        await().atMost(Duration.ofSeconds(90)).until(() -> timed(meters, ImageMetrics.BUILD_DURATION) > 0);
        assertThat(counted(meters, ImageMetrics.BUILDS, "outcome", "failed")).isEqualTo(1);
        assertThat(counted(meters, ImageMetrics.BUILDS, "outcome", "success")).isZero();
    }

    @Test
    void whenATagIsResolvedOrNotThenEachResolveIsCountedByOutcome() {
        TagPins pins = new TagPins(registryApi(failingHost), targets(failingHost), ImagesAudit.none(), metrics);

        TagPins.Resolution resolved = pins.resolve(new TagPins.ResolveRequest("oci://" + failingHost
                + "/ns/model:1", null, null));
        assertThatThrownBy(() -> pins.resolve(new TagPins.ResolveRequest("oci://" + failingHost + "/ns/other:1",
                null, null)));

        assertThat(resolved.digest()).isEqualTo(DIGEST);
        assertThat(counted(meters, ImageMetrics.RESOLVES, "outcome", "success")).isEqualTo(1);
        assertThat(counted(meters, ImageMetrics.RESOLVES, "outcome", "failed")).isEqualTo(1);
    }

    @Test
    void whenTheReferenceIsInvalidThenItIsABadRequestNotAResolve() {
        TagPins pins = new TagPins(registryApi(failingHost), targets(failingHost), ImagesAudit.none(), metrics);

        assertThatThrownBy(() -> pins.resolve(new TagPins.ResolveRequest("oci://UPPER/Case::", null, null)));

        assertThat(counted(meters, ImageMetrics.RESOLVES)).isZero();
    }

    private ImageBuilds builds(String host) {
        return new ImageBuilds(properties(host), targets(host), ImageBuildLeaksTest.statusKeptInMemory(),
                ImagesAudit.none(), metrics);
    }

    private RegistryTargets targets(String host) {
        return new RegistryTargets(properties(host), new PullSecrets(api.client(), json), registryApi(host));
    }

    private RegistryApi registryApi(String host) {
        return new RegistryApi(json, RegistryPolicy.of(properties(host)), Duration.ofSeconds(5), 4);
    }

    private ImagesProperties properties(String host) {
        return new ImagesProperties(List.of(root), DataSize.ofMegabytes(10),
                Path.of(ImageBuildRegistryTest.busybox()), root.resolve("work"),
                new ImagesProperties.Registry(null, null, null), List.of(host), List.of(host), Duration.ofSeconds(5), 4,
                1, 10, 10, Duration.ofHours(1), null);
    }

    private Path model() throws IOException {
        Path model = Files.createDirectories(root.resolve("iris"));
        Files.writeString(model.resolve("model.joblib"), "weights");
        return model;
    }
}
