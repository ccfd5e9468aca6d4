package io.modelcar.console.sandbox;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.SyntheticInventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox's soak run (a separate command, never part of {@code ./mvnw verify}): the sandbox as
 * {@link SandboxApplication} runs it (in-memory API and console in one JVM, random ports), seeded with
 * {@code -Dsoak.seed} synthetic InferenceServices, under {@code -Dsoak.clients} concurrent clients doing a mix of
 * reads (list pages with filters and text search, details, KServe status, the storageInitializer configuration) and
 * writes (configuration PATCHes through the console, InferenceService status updates through the API server) for
 * {@code -Dsoak.minutes}; every {@code -Dsoak.report-seconds} it prints the heap used right after a full GC. Memory
 * that stays flat over the run is the pass mark. See docs/benchmarks.md for the command.
 */
public final class SandboxSoak {

    private SandboxSoak() {
    }

    public static void main(String[] args) throws Exception {
        int seed = Integer.getInteger("soak.seed", 5000);
        int clients = Integer.getInteger("soak.clients", 16);
        Duration duration = Duration.ofMinutes(Long.getLong("soak.minutes", 15));
        Duration every = Duration.ofSeconds(Long.getLong("soak.report-seconds", 60));

        MockKubernetesApi api = MockKubernetesApi.start().recordRequests(false);
        KubernetesClient client = api.client();
        new KServeSeed(client).all();
        SandboxApplication.seedAtScale(api, seed);
        SpringApplication app = new SpringApplication(ModelcarConsoleApplication.class);
        app.setAdditionalProfiles("sandbox");
        app.setDefaultProperties(Map.of("console.kubernetes.master-url", api.url(), "logging.level.root", "WARN"));
        // a random port (a command-line argument outranks the sandbox profile's fixed one)
        String[] arguments = java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0"),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        try (ConfigurableApplicationContext context = app.run(arguments)) {
            String base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            while (!send(http, "GET", base + "/api/v1/inferenceservices?limit=1", "viewer", null).body()
                    .contains("\"total\":" + (seed + KServeSeed.sampleInferenceServices().size()))) {
                Thread.sleep(200);
            }
            AtomicLong reads = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            Map<String, AtomicLong> failuresByKind = new java.util.concurrent.ConcurrentSkipListMap<>();
            Instant end = Instant.now().plus(duration);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                Random random = new Random(c);
                pool.submit(() -> {
                    while (Instant.now().isBefore(end)) {
                        try {
                            if (step(http, base, client, random, seed, writes)) {
                                reads.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failuresByKind.computeIfAbsent(kind(e), k -> new AtomicLong()).incrementAndGet();
                            if (failures.incrementAndGet() <= 5) {
                                System.out.println("soak: failed: " + e);
                            }
                        }
                    }
                    return null;
                });
            }
            Instant start = Instant.now();
            System.out.printf("%nsoak: %d synthetic InferenceServices, %d clients, %s; heap after full GC:%n", seed,
                    clients, duration);
            System.out.println("| minute | heap used (MB) | reads | writes | failed |");
            System.out.println("|---|---|---|---|---|");
            while (Instant.now().isBefore(end)) {
                report(start, reads, writes, failures);
                Thread.sleep(Math.min(every.toMillis(), Math.max(1, Duration.between(Instant.now(), end).toMillis())));
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            report(start, reads, writes, failures);
            // a 412 is the console refusing a write based on a version another client has just changed: its job
            failuresByKind.forEach((kind, count) -> System.out.printf("soak: failed: %d x %s%n", count.get(), kind));
        } finally {
            api.close();
        }
        System.exit(0);
    }

    /** One client action; true for a read, false for a write (counted in {@code writes}). */
    private static boolean step(HttpClient http, String base, KubernetesClient client, Random random, int seed,
            AtomicLong writes) throws Exception {
        int dice = random.nextInt(100);
        int i = random.nextInt(Math.max(1, seed));
        String path;
        if (dice < 30) {
            path = "/api/v1/inferenceservices?limit=50&namespace=" + SyntheticInventory.namespace(i)
                    + (random.nextBoolean() ? "&warning=latest-tag" : "");
        } else if (dice < 50) {
            path = "/api/v1/inferenceservices?limit=50&q=model-" + i;
        } else if (dice < 65) {
            path = "/api/v1/inferenceservices/" + SyntheticInventory.namespace(i) + "/model-" + i;
        } else if (dice < 75) {
            path = "/inferenceservices?namespace=" + SyntheticInventory.namespace(i);
        } else if (dice < 85) {
            path = "/api/v1/storage-initializer";
        } else if (dice < 92) {
            HttpResponse<String> r = send(http, "PATCH", base + "/api/v1/storage-initializer", "operator",
                    "{\"cpuModelcar\": \"" + (10 + random.nextInt(40)) + "m\"}");
            check(r, "PATCH storage-initializer");
            writes.incrementAndGet();
            return false;
        } else {
            String ns = SyntheticInventory.namespace(i);
            GenericKubernetesResource isvc = client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                    .inNamespace(ns).withName("model-" + i).get();
            if (isvc != null) {
                isvc.getAdditionalProperties().put("status", KServeSeed.isvcStatus("model-" + i, ns,
                        random.nextInt(10) > 0, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
                client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(ns).resource(isvc)
                        .updateStatus();
            }
            writes.incrementAndGet();
            return false;
        }
        check(send(http, "GET", base + path, "viewer", null), path);
        return true;
    }

    private static void check(HttpResponse<String> response, String what) {
        if (response.statusCode() >= 400) {
            throw new Refused(what, response.statusCode(), response.body());
        }
    }

    /** A console answer of 4xx or 5xx to one of the soak's requests. */
    private static final class Refused extends IllegalStateException {

        final String what;
        final int status;

        Refused(String what, int status, String body) {
            super(what + " answered " + status + ": " + body.substring(0, Math.min(200, body.length())));
            this.what = what;
            this.status = status;
        }
    }

    /** What failed, for the breakdown at the end: the console's answer by request kind, or the API server's code. */
    private static String kind(Exception e) {
        if (e instanceof Refused refused) {
            String what = refused.what.replaceAll("[?].*", "")
                    .replaceAll("^(/api/v1/inferenceservices)/.+", "$1/{namespace}/{name}");
            return what + " answered " + refused.status;
        }
        if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException k) {
            return "API server answered " + k.getCode();
        }
        return e.getClass().getSimpleName();
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String user, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.GET().header("Accept", "application/json");
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/merge-patch+json").header("Accept", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void report(Instant start, AtomicLong reads, AtomicLong writes, AtomicLong failures) {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("| %.1f | %d | %d | %d | %d |%n", Duration.between(start, Instant.now()).toSeconds() / 60.0,
                used / (1024 * 1024), reads.get(), writes.get(), failures.get());
    }
}
