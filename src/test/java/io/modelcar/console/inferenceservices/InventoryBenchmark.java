package io.modelcar.console.inferenceservices;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The inventory benchmark (not part of {@code ./mvnw verify}; surefire excludes {@code *Benchmark*}):
 * <pre>./mvnw -B test -Dtest=InventoryBenchmark -Dbenchmark.sizes=1000,10000,50000</pre>
 * For each N it seeds N InferenceServices (50 namespaces, a realistic mix of storage URIs) and one pod each into
 * an in-memory Kubernetes API, boots the console against it, and reports the informer sync time, the heap the
 * console holds, p50/p99 latency of one page (50) of the list API under concurrent HTTP Basic (viewer) load, with
 * and without filters, and the time {@code kubectl get isvc -A -o json} takes against the same API server. Results
 * are printed and written to {@code target/benchmarks/inventory.md}. It asserts nothing about time.
 */
class InventoryBenchmark {

    static final int NAMESPACES = 50;
    static final int THREADS = Integer.getInteger("benchmark.threads", 8);
    static final int REQUESTS = Integer.getInteger("benchmark.requests", 2000);
    static final int WARMUP = Integer.getInteger("benchmark.warmup", 500);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void benchmark() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.sizes", "1000,10000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        StringBuilder report = new StringBuilder();
        report.append("| N | seed (s) | boot / boot+sync (s) | heap, console (MB) | scenario | p50 (ms) | p99 (ms) | req/s |"
                + " kubectl get isvc -A -o json (s) |\n");
        report.append("|---|---|---|---|---|---|---|---|---|\n");
        for (int n : sizes) {
            run(n, report);
        }
        Path out = Path.of("target", "benchmarks", "inventory.md");
        Files.createDirectories(out.getParent());
        String machine = "Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "; " + THREADS
                + " client threads x " + REQUESTS + " requests per scenario.\n\n";
        Files.writeString(out, machine + report);
        System.out.println("\n" + machine + report);
    }

    private void run(int n, StringBuilder report) throws Exception {
        try (MockKubernetesApi api = MockKubernetesApi.start()) {
            KServeSeed seed = new KServeSeed(api.client());
            seed.kserve(KServeSeed.CONTROLLER_IMAGE);
            long seedStart = System.nanoTime();
            seedInferenceServices(api, n);
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            long heapBefore = usedHeap();

            long bootStart = System.nanoTime();
            SpringApplication app = new SpringApplication(ModelcarConsoleApplication.class);
            app.setAdditionalProfiles("sandbox");
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("server.port", "0");
            props.put("console.kubernetes.master-url", api.url());
            props.put("logging.level.root", "WARN");
            props.put("logging.level.io.modelcar", "WARN");
            app.setDefaultProperties(props);
            try (ConfigurableApplicationContext context = app.run()) {
                double bootSeconds = (System.nanoTime() - bootStart) / 1e9;
                InferenceServiceInventory inventory = context.getBean(InferenceServiceInventory.class);
                while (!(inventory.state().synced() && inventory.overview().total() == n
                        && podCount(inventory) == n)) {
                    Thread.sleep(20);
                }
                double syncSeconds = (System.nanoTime() - bootStart) / 1e9;
                long heapAfter = usedHeap();
                int port = ((WebServerApplicationContext) context).getWebServer().getPort();
                String base = "http://127.0.0.1:" + port;
                String kubectl = kubectl(api.url(), n);

                Map<String, String> scenarios = new LinkedHashMap<>();
                scenarios.put("page of 50, no filter", "/api/v1/inferenceservices?limit=50");
                scenarios.put("page of 50, namespace + warning", "/api/v1/inferenceservices?limit=50"
                        + "&namespace=bench-07&warning=latest-tag");
                scenarios.put("page of 50, oci=true, 2nd page", "/api/v1/inferenceservices?limit=50&oci=true"
                        + "&continue=" + cursor(base, "/api/v1/inferenceservices?limit=50&oci=true"));
                scenarios.put("page of 50, warning=untagged", "/api/v1/inferenceservices?limit=50"
                        + "&warning=untagged");
                scenarios.put("page of 50, q= text search", "/api/v1/inferenceservices?limit=50&q=model-12");
                // one unmeasured round under full concurrency, so the JIT has compiled the hot paths
                for (String path : scenarios.values()) {
                    load(base, path);
                }
                boolean first = true;
                for (Map.Entry<String, String> scenario : scenarios.entrySet()) {
                    double[] result = load(base, scenario.getValue());
                    report.append(String.format("| %,d | %s | %s | %s | %s | %.1f | %.1f | %.0f | %s |%n", n,
                            first ? String.format("%.1f", seedSeconds) : "", first ? String.format("%.1f / %.1f",
                                    bootSeconds, syncSeconds) : "",
                            first ? String.valueOf((heapAfter - heapBefore) / (1024 * 1024)) : "",
                            scenario.getKey(), result[0], result[1], result[2], first ? kubectl : ""));
                    first = false;
                }
                System.out.println(report);
            }
        }
    }

    private static int podCount(InferenceServiceInventory inventory) {
        // every seeded InferenceService has exactly one pod; count those whose pod arrived
        int[] pods = {0};
        inventory.overview().startup().forEach(s -> pods[0] += s.pods());
        return pods[0];
    }

    /** N InferenceServices in 50 namespaces: 60% pinned tags, 15% :latest, 10% untagged, 15% S3; one Ready pod each. */
    static void seedInferenceServices(MockKubernetesApi api, int n) {
        Map<String, List<HasMetadata>> isvcs = new LinkedHashMap<>();
        Map<String, List<HasMetadata>> pods = new LinkedHashMap<>();
        Instant created = Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            String ns = String.format("bench-%02d", i % NAMESPACES);
            String name = "model-" + i;
            int kind = i % 20;
            String uri = kind < 12 ? "oci://quay.io/bench/model-" + (i % 500) + ":1." + (i % 7)
                    : kind < 15 ? "oci://quay.io/bench/model-" + (i % 500) + ":latest"
                    : kind < 17 ? "oci://registry.internal:5000/bench/model-" + (i % 500)
                    : "s3://bench-models/model-" + i;
            GenericKubernetesResource isvc = new GenericKubernetesResourceBuilder()
                    .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                    .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", Map.of(
                            "modelFormat", Map.of("name", "sklearn"), "storageUri", uri))))
                    .addToAdditionalProperties("status", KServeSeed.isvcStatus(name, ns, true,
                            created.plusSeconds(30)))
                    .build();
            isvc.getMetadata().setCreationTimestamp(created.toString());
            isvcs.computeIfAbsent(ns, k -> new ArrayList<>()).add(isvc);
            boolean oci = uri.startsWith("oci://");
            Pod pod = KServeSeed.pod(ns, name, oci ? KServeSeed.PodKind.MODELCAR
                    : KServeSeed.PodKind.STORAGE_INITIALIZER, uri.substring(uri.indexOf("://") + 3), created,
                    created.plusSeconds(oci ? 8 + i % 9 : 40 + i % 60));
            pods.computeIfAbsent(ns, k -> new ArrayList<>()).add(pod);
        }
        isvcs.forEach((ns, list) -> api.bulkCreate("/apis/serving.kserve.io/v1beta1/namespaces/" + ns
                + "/inferenceservices", list));
        pods.forEach((ns, list) -> api.bulkCreate("/api/v1/namespaces/" + ns + "/pods", list));
    }

    private static String cursor(String base, String path) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(send(HttpClient.newHttpClient(), base + path).body());
        return body.get("continue").asString();
    }

    /** p50, p99 (ms) and throughput of THREADS clients each sending REQUESTS/THREADS requests, after a warm-up. */
    private static double[] load(String base, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < WARMUP; i++) {
            HttpResponse<String> r = send(http, base + path);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long[] latencies = new long[REQUESTS];
        int perThread = REQUESTS / THREADS;
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t * perThread;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    long s = System.nanoTime();
                    send(http, base + path);
                    latencies[offset + i] = System.nanoTime() - s;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] measured = Arrays.copyOf(latencies, perThread * THREADS);
        Arrays.sort(measured);
        return new double[] {measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6,
                measured.length / seconds};
    }

    private static HttpResponse<String> send(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Seconds {@code kubectl get isvc -A -o json} takes against the same API server, or "n/a" without kubectl. */
    private static String kubectl(String server, int n) throws IOException, InterruptedException {
        Path kubectl = Path.of("/usr/bin/kubectl");
        if (!Files.isExecutable(kubectl)) {
            return "n/a (no kubectl)";
        }
        Path kubeconfig = Path.of("target", "benchmarks", "kubeconfig");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: bench
                  cluster:
                    server: %s
                contexts:
                - name: bench
                  context:
                    cluster: bench
                    user: bench
                current-context: bench
                users:
                - name: bench
                  user:
                    token: bench
                """.formatted(server));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "get", "isvc",
                "-A", "-o", "json").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        return exit == 0 ? String.format("%.2f", seconds) : "failed (exit " + exit + ")";
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
