package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.LocalRegistry;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Builds and pushes modelcar images into a real registry (Debian's docker-registry on loopback, with htpasswd) and
 * reads them back through the registry API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class ImageBuildRegistryTest extends MockClusterTest {

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.withUser("pusher", "s3cret-Pa55");

    static final Path roots = tempDir("model-roots");
    static final Path work = tempDir("images-work");
    static final JsonMapper json = JsonMapper.builder().build();
    static final long LIMIT = 2 * 1024 * 1024;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void images(DynamicPropertyRegistry properties) {
        properties.add("console.images.registry.url", registry::url);
        properties.add("console.images.registry.username", registry::username);
        properties.add("console.images.registry.password", registry::password);
        properties.add("console.images.model-roots[0]", roots::toString);
        properties.add("console.images.work-dir", work::toString);
        properties.add("console.images.max-upload-size", () -> LIMIT + "B");
        properties.add("console.images.busybox-path", ImageBuildRegistryTest::busybox);
        // issue 14: loopback registries are contacted only when named exactly; team-a's Secrets are the operators'
        properties.add("console.images.allowed-registries[0]", () -> "127.0.0.1:1");
        properties.add("console.images.pull-secret-access.team-a[0]", () -> "role:operator");
        properties.add("console.images.pull-secret-access.pins-ns[0]", () -> "role:operator");
    }

    /** The machine's static busybox where there is one, else a stand-in static ELF (layer contents are tested). */
    static String busybox() {
        try {
            return BusyboxBaseImage.inspect(Path.of("/bin/busybox")).path().toString();
        } catch (IOException | RuntimeException notStatic) {
            return BusyboxBaseImageTest.fakeStaticElf().toString();
        }
    }

    ConsoleHttp operator() {
        return ConsoleHttp.basic("http://localhost:" + port, "operator", "operator");
    }

    @Test
    void whenModelDirectoryIsBuiltThenRegistryHoldsBusyboxAndWorldReadableModelFiles() throws Exception {
        Path model = model("iris", Map.of("model.joblib", "weights", "meta/info.json", "{\"v\":1}"));

        HttpResponse<String> accepted = buildFromPath(model, "models/iris", "1.0");

        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/v1/images/builds/");
        JsonNode done = awaitFinished(location);
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("Succeeded");
        String digest = done.path("digest").asString();
        assertThat(digest).startsWith("sha256:");
        assertThat(done.path("uri").asString()).isEqualTo("oci://" + registry.host() + "/models/iris:1.0@" + digest);
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("steps").toString()).contains("Done: pushing");

        JsonNode manifest = RegistryLayers.manifest(registry, "models/iris", "1.0");
        assertThat(manifest.path("mediaType").asString()).isEqualTo(RegistryLayers.OCI_MANIFEST);
        List<Map<String, RegistryLayers.Entry>> layers = RegistryLayers.layers(registry, "models/iris", manifest);
        assertThat(layers).hasSize(2);
        Map<String, RegistryLayers.Entry> base = layers.get(0);
        assertThat(base.get("bin/busybox").mode()).isEqualTo(0755);
        assertThat(base.get("bin/busybox").size()).isEqualTo(Files.size(Path.of(busybox())));
        for (String applet : List.of("sh", "ln", "sleep")) {
            assertThat(base.get("bin/" + applet).symlink()).as(applet).isTrue();
            assertThat(base.get("bin/" + applet).linkTarget()).isEqualTo("busybox");
        }
        Map<String, RegistryLayers.Entry> files = layers.get(1);
        assertThat(files.get("models").directory()).isTrue();
        assertThat(files.get("models").mode()).isEqualTo(0755);
        assertThat(files.get("models/meta").mode()).isEqualTo(0755);
        assertThat(files.get("models/model.joblib").mode()).isEqualTo(0644);
        assertThat(files.get("models/model.joblib").size()).isEqualTo(7);
        assertThat(files.get("models/meta/info.json").mode()).isEqualTo(0644);
        assertThat(files.values()).allSatisfy(e -> {
            assertThat(e.modTimeSeconds()).isLessThanOrEqualTo(1);
            assertThat(e.uid()).isZero();
        });
        JsonNode config = RegistryLayers.config(registry, "models/iris", manifest);
        assertThat(config.path("config").path("Env").toString()).contains("PATH=");
        assertThat(config.path("config").path("Entrypoint").isMissingNode()
                || config.path("config").path("Entrypoint").isNull()).isTrue();
        assertThat(config.path("created").asString()).startsWith("1970-01-01T00:00:00");
    }

    @Test
    void whenSkopeoInspectsThePushedImageThenItSeesTheDigestAndBothLayers() throws Exception {
        Path skopeo = Path.of("/usr/bin/skopeo");
        io.modelcar.console.testsupport.Prerequisite.of("skopeo", () -> Files.isExecutable(skopeo), "apt-get install skopeo (or run .ci/run)").require();
        JsonNode done = awaitFinished(buildFromPath(model("skopeo", Map.of("m.bin", "abc")), "models/skopeo", "2.0")
                .headers().firstValue("Location").orElseThrow());
        Process process = new ProcessBuilder(skopeo.toString(), "inspect", "--tls-verify=false", "--creds",
                registry.username() + ":" + registry.password(), "docker://" + registry.host() + "/models/skopeo:2.0")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        JsonNode inspected = json.readTree(out);
        assertThat(inspected.path("Digest").asString()).isEqualTo(done.path("digest").asString());
        assertThat(inspected.path("Layers")).hasSize(2);
        assertThat(inspected.path("Architecture").asString()).isNotBlank();
    }

    @Test
    void whenTheSameModelIsBuiltTwiceThenTheDigestIsTheSame() throws Exception {
        Path model = model("twice", Map.of("a.txt", "alpha", "b/c.txt", "gamma"));
        JsonNode first = awaitFinished(buildFromPath(model, "models/twice", "1")
                .headers().firstValue("Location").orElseThrow());
        // the same files elsewhere, written later: new inodes, creation and modification times
        Thread.sleep(1100);
        Path copy = model("twice-copy", Map.of("b/c.txt", "gamma", "a.txt", "alpha"));
        try (Stream<Path> paths = Files.walk(copy)) {
            paths.forEach(p -> p.toFile().setLastModified(System.currentTimeMillis() + 5000));
        }
        JsonNode second = awaitFinished(buildFromPath(copy, "models/twice", "2")
                .headers().firstValue("Location").orElseThrow());

        assertThat(first.path("state").asString()).isEqualTo("Succeeded");
        assertThat(second.path("digest").asString()).isEqualTo(first.path("digest").asString());
    }

    @Test
    void whenLatestIsResolvedThenTheAnswerIsThePushedDigestAndAPinnedUri() throws Exception {
        JsonNode built = awaitFinished(buildFromPath(model("resolve", Map.of("w.bin", "resolve-me")), "models/resolve",
                "latest").headers().firstValue("Location").orElseThrow());

        HttpResponse<String> resolved = operator().send("POST", "/api/v1/images/resolve", "application/json",
                "{\"reference\":\"oci://" + registry.host() + "/models/resolve:latest\","
                        + "\"inferenceService\":{\"namespace\":\"team-a\",\"name\":\"iris\","
                        + "\"path\":\"spec.predictor.model.storageUri\"}}");

        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        JsonNode body = json.readTree(resolved.body());
        String digest = built.path("digest").asString();
        assertThat(body.path("digest").asString()).isEqualTo(digest);
        assertThat(body.path("pinnedUri").asString()).isEqualTo("oci://" + registry.host() + "/models/resolve@"
                + digest);
        assertThat(body.path("kubectlPatch").asString()).startsWith("kubectl patch inferenceservice iris -n team-a")
                .contains("/spec/predictor/model/storageUri").contains(digest);
    }

    @Test
    void whenTheTagDoesNotExistThenNotFoundProblem() {
        HttpResponse<String> response = operator().send("POST", "/api/v1/images/resolve", "application/json",
                "{\"reference\":\"oci://" + registry.host() + "/models/none:9\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("urn:modelcar-console:problem:image-not-found");
    }

    @Test
    void whenThePullSecretHasAWrongPasswordThenBadGatewayProblemWithoutTheSecret() throws Exception {
        secret("team-a", "wrong-pass", registry.host(), "pusher", "not-the-Password-42");
        Path model = model("denied", Map.of("x.bin", "x"));

        HttpResponse<String> build = operator().send("POST", "/api/v1/images/builds", "application/json",
                "{\"modelPath\":\"" + model + "\",\"repository\":\"models/denied\",\"tag\":\"1\","
                        + "\"pullSecret\":{\"namespace\":\"team-a\",\"name\":\"wrong-pass\"}}");
        HttpResponse<String> resolve = operator().send("POST", "/api/v1/images/resolve", "application/json",
                "{\"reference\":\"" + registry.host() + "/models/iris:1.0\","
                        + "\"pullSecret\":{\"namespace\":\"team-a\",\"name\":\"wrong-pass\"}}");

        for (HttpResponse<String> response : List.of(build, resolve)) {
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            assertThat(response.body()).contains("urn:modelcar-console:problem:registry-unauthorized")
                    .contains("refused the credentials")
                    .doesNotContain("not-the-Password-42").doesNotContain(registry.password())
                    .doesNotContain(Base64.getEncoder().encodeToString("pusher:not-the-Password-42".getBytes(
                            StandardCharsets.UTF_8)));
        }
    }

    @Test
    void whenThePullSecretIsRightThenTheBuildUsesIt() throws Exception {
        secret("team-a", "good-pass", registry.host(), registry.username(), registry.password());

        HttpResponse<String> build = operator().send("POST", "/api/v1/images/builds", "application/json",
                "{\"modelPath\":\"" + model("secret", Map.of("s.bin", "s")) + "\",\"registry\":\"" + registry.host()
                        + "\",\"repository\":\"models/secret\",\"tag\":\"1\","
                        + "\"pullSecret\":{\"namespace\":\"team-a\",\"name\":\"good-pass\"}}");

        assertThat(build.statusCode()).as(build.body()).isEqualTo(202);
        JsonNode done = awaitFinished(build.headers().firstValue("Location").orElseThrow());
        assertThat(done.path("state").asString()).isEqualTo("Succeeded");
    }

    @Test
    void whenFilesAreUploadedThenTheyAreBuiltUnderModels() throws Exception {
        Multipart body = new Multipart().field("repository", "models/upload").field("tag", "3")
                .file("files", "model.onnx", Multipart.bytes("onnx-bytes"))
                .file("files", "tokenizer/vocab.txt", Multipart.bytes("a b c"));

        HttpResponse<String> response = operator().send(operator().request("/api/v1/images/builds")
                .header("Content-Type", body.contentType()).POST(body.publisher()).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode done = awaitFinished(response.headers().firstValue("Location").orElseThrow());
        assertThat(done.path("state").asString()).isEqualTo("Succeeded");
        Map<String, RegistryLayers.Entry> files = RegistryLayers.layers(registry, "models/upload",
                RegistryLayers.manifest(registry, "models/upload", "3")).get(1);
        assertThat(files).containsKeys("models/model.onnx", "models/tokenizer/vocab.txt");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void whenTheUploadIsOverTheLimitThenPayloadTooLargeAndNothingIsKept() throws Exception {
        Multipart body = new Multipart().field("repository", "models/big").field("tag", "1")
                .file("files", "big.bin", () -> Multipart.zeros(LIMIT + 512 * 1024));

        HttpResponse<String> response = operator().send(operator().request("/api/v1/images/builds")
                .header("Content-Type", body.contentType()).POST(body.publisher()).build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("urn:modelcar-console:problem:payload-too-large");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void whenTheModelPathIsOutsideTheRootsThenForbiddenWithoutSayingWhetherItExists() {
        HttpResponse<String> existing = buildFromPath(Path.of("/etc"), "models/etc", "1");
        HttpResponse<String> absent = buildFromPath(Path.of("/no/such/dir"), "models/etc", "1");
        HttpResponse<String> escaping = buildFromPath(roots.resolve("../.."), "models/etc", "1");

        for (HttpResponse<String> response : List.of(existing, absent, escaping)) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("model-path-not-allowed");
        }
        assertThat(existing.body()).isEqualTo(absent.body().replace("/no/such/dir", "/etc"));
    }

    @Test
    void whenTheModelHoldsASymlinkThenUnprocessable() throws Exception {
        Path model = model("linked", Map.of("real.bin", "r"));
        Files.createSymbolicLink(model.resolve("passwd"), Path.of("/etc/passwd"));

        HttpResponse<String> response = buildFromPath(model, "models/linked", "1");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("invalid-model").contains("symbolic link");
    }

    @Test
    void whenAViewerBuildsThenForbidden() {
        HttpResponse<String> response = ConsoleHttp.basic("http://localhost:" + port, "viewer", "viewer")
                .send("POST", "/api/v1/images/builds", "application/json", "{}");

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void whenAnInferenceServiceUsesLatestThenPinsUseItsPullSecretAndAnUnreachableRegistryIsReportedPerUri()
            throws Exception {
        String ns = "pins-ns";
        JsonNode built = awaitFinished(buildFromPath(model("pinme", Map.of("p.bin", "pin")), "models/pinme",
                "latest").headers().firstValue("Location").orElseThrow());
        secret(ns, "isvc-pull", registry.host(), registry.username(), registry.password());
        api.client().genericKubernetesResources(io.modelcar.console.kubernetes.KServeResources.INFERENCE_SERVICES)
                .inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                        .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                        .withNewMetadata().withName("pinned").withNamespace(ns).endMetadata()
                        .addToAdditionalProperties("spec", Map.of(
                                "predictor", Map.of("imagePullSecrets", List.of(Map.of("name", "isvc-pull")),
                                        "model", Map.of("modelFormat", Map.of("name", "sklearn"),
                                                "storageUri", "oci://" + registry.host() + "/models/pinme"),
                                        "storageUris", List.of(Map.of("uri", "oci://127.0.0.1:1/gone/model:latest",
                                                "mountPath", "/mnt/extra")))))
                        .build()).create();

        HttpResponse<String> response = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            response = ConsoleHttp.basic("http://localhost:" + port, "viewer", "viewer")
                    .get("/api/v1/inferenceservices/" + ns + "/pinned/pins");
            if (response.statusCode() == 200) {
                break;
            }
            Thread.sleep(200);
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode pins = json.readTree(response.body()).path("pins");
        assertThat(pins).hasSize(2);
        JsonNode ok = pins.get(0).path("path").asString().contains("model") ? pins.get(0) : pins.get(1);
        JsonNode gone = ok == pins.get(0) ? pins.get(1) : pins.get(0);
        String digest = built.path("digest").asString();
        assertThat(ok.path("warnings").toString()).contains("untagged");
        assertThat(ok.path("digest").asString()).isEqualTo(digest);
        assertThat(ok.path("pullSecret").asString()).isEqualTo(ns + "/isvc-pull");
        assertThat(ok.path("pinnedUri").asString()).isEqualTo("oci://" + registry.host() + "/models/pinme@" + digest);
        assertThat(ok.path("kubectlPatch").asString()).contains("kubectl patch inferenceservice pinned -n pins-ns")
                .contains("/spec/predictor/model/storageUri");
        assertThat(gone.path("digest").isNull()).isTrue();
        assertThat(gone.path("error").path("type").asString())
                .isEqualTo("urn:modelcar-console:problem:registry-unreachable");
        assertThat(response.body()).doesNotContain(registry.password());
    }

    /** The mock API is shared by the whole JVM: other features count its OCI InferenceServices. */
    @org.junit.jupiter.api.AfterEach
    void removeOwnInferenceServices() {
        for (String ns : List.of("pins-ns")) {
            api.client().genericKubernetesResources(io.modelcar.console.kubernetes.KServeResources.INFERENCE_SERVICES)
                    .inNamespace(ns).delete();
        }
    }

    @Test
    void whenTheOpenApiDocumentIsReadThenItDescribesBuildsAndResolve() {
        HttpResponse<String> docs = ConsoleHttp.browser("http://localhost:" + port, "viewer", "viewer")
                .get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.body()).path("paths");
        assertThat(paths.path("/api/v1/images/builds").path("post").path("responses").has("202")).isTrue();
        assertThat(paths.path("/api/v1/images/builds").path("post").path("requestBody").path("content").has(
                "multipart/form-data")).isTrue();
        assertThat(paths.path("/api/v1/images/builds/{id}").has("get")).isTrue();
        assertThat(paths.path("/api/v1/images/resolve").path("post").path("responses").has("502")).isTrue();
        assertThat(paths.path("/api/v1/inferenceservices/{namespace}/{name}/pins").has("get")).isTrue();
    }

    private HttpResponse<String> buildFromPath(Path model, String repository, String tag) {
        return operator().send("POST", "/api/v1/images/builds", "application/json", "{\"modelPath\":\"" + model
                + "\",\"repository\":\"" + repository + "\",\"tag\":\"" + tag + "\"}");
    }

    private JsonNode awaitFinished(String location) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = operator().get(location);
            assertThat(response.statusCode()).isEqualTo(200);
            status = json.readTree(response.body());
            String state = status.path("state").asString();
            if (state.equals("Succeeded") || state.equals("Failed")) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("build did not finish: " + status);
    }

    private static Path model(String name, Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(roots.resolve(name));
        for (var file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return dir;
    }

    private void secret(String namespace, String name, String host, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}";
        api.client().secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", Base64.getEncoder().encodeToString(config.getBytes(
                        StandardCharsets.UTF_8))).build()).create();
    }

    /** Files the console left in its upload areas. */
    private static List<Path> leftovers() throws IOException {
        List<Path> found = new java.util.ArrayList<>();
        for (String area : List.of("multipart", "uploads")) {
            Path dir = work.resolve(area);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.filter(Files::isRegularFile).forEach(found::add);
                }
            }
        }
        return found;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
