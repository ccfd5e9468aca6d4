package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kubelet as the judge of the console's image-reference grammar: for a corpus of references (hand-picked edge
 * cases and seeded random ones), what {@link OciReferences#parse} says of {@code oci://<reference>} is compared with
 * what {@code k8s.io/kubernetes/pkg/util/parsers.ParseImageName} of the control plane's Kubernetes release says of
 * {@code <reference>}: the function the kubelet pulls with (a failure is the pod's {@code InvalidImageName}) and the
 * API server defaults {@code imagePullPolicy} with. Valid exactly when the kubelet parses it; then the same
 * repository (registry and path, Docker Hub normalised), tag (the kubelet's {@code latest} when there is neither tag
 * nor digest), digest and pull policy. Built by {@code src/test/control-plane/build.sh} ({@code imageref}, a few lines
 * of ours over that function). Results: docs/kserve-oracle.md.
 */
class OciReferencesOracleTest {

    static final Path IMAGEREF = ControlPlane.binDirectory().resolve("imageref");

    @RegisterExtension
    static final Prerequisite KUBELET_PARSER = Prerequisite.of("The kubelet's image reference parser (" + IMAGEREF
            + ")", () -> Files.isExecutable(IMAGEREF), "build it with src/test/control-plane/build.sh");

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int RANDOM_CASES = 20_000;

    @Test
    void theConsoleReadsEveryImageReferenceAsTheKubeletDoes() throws Exception {
        List<String> corpus = new ArrayList<>(corpus());
        List<JsonNode> kubelet = kubelet(corpus);
        assertThat(kubelet).hasSameSizeAs(corpus);

        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < corpus.size(); i++) {
            String image = corpus.get(i);
            JsonNode k = kubelet.get(i);
            assertThat(k.get("input").stringValue()).isEqualTo(image);
            OciReference console = OciReferences.parse("oci://" + image);
            String why = disagreement(console, k);
            if (why != null) {
                disagreements.add("\"" + image + "\": " + why + " (kubelet: " + k + ", console: valid="
                        + console.valid() + " registry=" + console.registry() + " repository="
                        + console.repository() + " tag=" + console.tag() + " digest=" + console.digest()
                        + " problem=" + console.problem() + ")");
            }
            valid += k.get("valid").booleanValue() ? 1 : 0;
        }
        System.out.println("Image reference oracle: " + corpus.size() + " references (" + valid + " valid for the "
                + "kubelet), " + (corpus.size() - disagreements.size()) + " agreed, " + disagreements.size()
                + " disagreements");
        disagreements.stream().limit(40).forEach(System.out::println);
        assertThat(valid).as("the corpus has valid and invalid references").isBetween(200, corpus.size() - 200);
        assertThat(disagreements).as("references the console reads unlike the kubelet").isEmpty();
    }

    /** Null when the console agrees with the kubelet's reading, else what differs. */
    static String disagreement(OciReference console, JsonNode kubelet) {
        boolean valid = kubelet.get("valid").booleanValue();
        if (console.valid() != valid) {
            return valid ? "the console calls it invalid" : "the console calls it valid";
        }
        String policy = valid && "latest".equals(kubelet.get("tag").stringValue()) ? OciReference.ALWAYS
                : OciReference.IF_NOT_PRESENT;
        if (!policy.equals(console.pullPolicy())) {
            return "pull policy " + console.pullPolicy() + ", the API server defaults " + policy;
        }
        if (!valid) {
            return null;
        }
        if (!Objects.equals(console.registry() + "/" + console.repository(), kubelet.get("repo").stringValue())) {
            return "another repository";
        }
        String tag = console.tag() == null && console.digest() == null ? "latest" : console.tag();
        if (!Objects.equals(tag == null ? "" : tag, kubelet.get("tag").stringValue())) {
            return "another tag";
        }
        if (!Objects.equals(console.digest() == null ? "" : console.digest(), kubelet.get("digest").stringValue())) {
            return "another digest";
        }
        return null;
    }

    /** Runs the kubelet's parser over the corpus: one JSON line per reference, in order. */
    static List<JsonNode> kubelet(List<String> corpus) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(IMAGEREF.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream in = process.getOutputStream()) {
            in.write((String.join("\n", corpus) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("imageref finished").isTrue();
        assertThat(process.exitValue()).isZero();
        return output.join().lines().map(JSON::readTree).toList();
    }

    /** Hand-picked edge cases, then {@link #RANDOM_CASES} seeded random ones built from the grammar's pieces. */
    static Set<String> corpus() {
        String hex64 = "0123456789abcdef".repeat(4);
        Set<String> corpus = new LinkedHashSet<>(List.of(
                "ubuntu", "ubuntu:22.04", "library/ubuntu", "docker.io/ubuntu", "docker.io/library/ubuntu:1",
                "index.docker.io/ubuntu", "index.docker.io/library/ubuntu:latest", "registry-1.docker.io/a/b",
                "quay.io/modelcar/sklearn:1.0", "quay.io/modelcar/sklearn:latest", "quay.io/modelcar/sklearn",
                "localhost/model", "localhost:5000/model:1", "LOCALHOST/model", "Localhost:5000/model",
                "127.0.0.1:5000/a/b:c", "[::1]:5000/a:b", "[fe80::1]/a", "[::1]/a", "[::1]:/a", "[::g]/a",
                "registry.internal:5000/models/granite-7b:1.4.0", "reg:5000/a", "reg:abc/a", "reg:/a",
                "Registry.Example.com/a", "registry.example.com/A", "Foo/bar", "foo/Bar", "FOO", "Ubuntu",
                "a__b", "a___b", "a--b", "a-.b", "a._b", "a..b", "a.b", "a_b", "-a", "a-", "_a", "a_", ".a", "a.",
                "a/", "/a", "a//b", "a/b/c/d/e:tag", "a:", "a@", "a:@", ":tag", "@" + "sha256:" + hex64, "a:-x",
                "a:.x", "a:_x", "a:x.-_", "a:" + "x".repeat(128), "a:" + "x".repeat(129), "a:tag:tag", "a:t@g",
                "a@sha256:" + hex64, "a:1@sha256:" + hex64, "a:latest@sha256:" + hex64,
                "a@sha256:" + hex64.toUpperCase(), "a@sha256:" + hex64.substring(1), "a@sha256:" + hex64 + "0",
                "a@sha512:" + hex64 + hex64, "a@sha384:" + hex64 + hex64.substring(0, 32),
                "a@sha512:" + hex64, "a@md5:" + hex64.substring(0, 32), "a@sha256+b64:" + hex64,
                "a@SHA256:" + hex64, "a@sha256:", "a@:" + hex64, hex64, "a/" + hex64, hex64 + ":1",
                "a".repeat(255), "a".repeat(256), "r.io/" + "a".repeat(255), "r.io/" + "a".repeat(256),
                "a/" + "b".repeat(253), "a/" + "b".repeat(254), "", " ", "a b", "a\tb", "ä", "a/ä", "a:ä"));
        Random random = new Random(20261130);
        String[] pieces = {"a", "b", "z", "0", "9", "A", "Z", ".", "_", "__", "-", "/", ":", "@", "localhost",
            "docker.io", "index.docker.io", "quay.io", "reg.example.com", ":5000", "[::1]", "sha256:",
            "sha256:" + hex64, "sha512:", "latest", "1.0", "library/"};
        while (corpus.size() < RANDOM_CASES) {
            StringBuilder image = new StringBuilder();
            int parts = 1 + random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                image.append(pieces[random.nextInt(pieces.length)]);
            }
            corpus.add(image.toString());
        }
        return corpus;
    }
}
