package io.modelcar.console.inferenceservices;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.SyntheticInventory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;


/**
 * The inventory benchmark (not part of {@code ./mvnw verify}; surefire excludes {@code *Benchmark*}):
 * <pre>./mvnw -B test -Dtest=InventoryBenchmark -Dbenchmark.sizes=1000,10000 -Dfrontend.skip=true</pre>
 * For each N it seeds N InferenceServices (50 namespaces, the {@link SyntheticInventory} mix) and one pod each into
 * an in-memory Kubernetes API (up to about 10,000: fabric8's CRUD dispatcher behind it compares every stored object
 * for every request, and at 100,000 objects its event loop no longer answers in time), starts the console in a JVM
 * of its own against it ({@code -Dbenchmark.console-jvm}, default the chart's options with a 512 MB heap), and
 * reports the seconds from JVM start to readiness and to a synced inventory (with the console's own measure of the
 * sync and the CPU-seconds the console and a local kube-apiserver used until then), the console's heap after a full GC,
 * and p50/p99 of {@code /actuator/health} (the HTTP floor) and of pages of the list API (HTTP Basic, viewer) with
 * and without filters and text search, under {@code -Dbenchmark.threads} (32) concurrent clients; each p99 also as
 * a ratio to the health p99 of the same run, and the console's collection pauses during each scenario.
 * {@code -Dbenchmark.cluster=real} seeds a real control plane instead (built by
 * {@code src/test/control-plane/build.sh}: etcd, kube-apiserver, controller manager, kwok running the pods; one for
 * the run, seeded on from each N to the next, so the seed of the largest N is the whole seed), connects the console
 * with its kubeconfig, and adds the time of {@code kubectl get inferenceservices -A -o json} and of the API server's
 * own paged LIST. {@code -Dbenchmark.cluster=apiserver} does the same with etcd and the API server alone: the seed
 * writes each pod's status as a kubelet does, and nothing else (controllers, kwok's 100,000 pods) takes the
 * machine's CPU from the API server and the console.
 * {@code -Dbenchmark.api-url=https://...} points it at another API server instead (seeded beforehand, reachable
 * without credentials or through a proxy such as {@code kubectl proxy}; {@code -Dbenchmark.expected=N} to wait for N).
 * Results are printed and written to {@code target/benchmarks/inventory.md}, the console's log and its live objects
 * by class after sync to {@code console-N.log} and {@code histogram-N.txt} beside it. It asserts nothing about time.
 */
class InventoryBenchmark {

    static final int THREADS = Integer.getInteger("benchmark.threads", 32);
    /** The console JVM's options: the Helm chart's (see values.yaml), with the heap the targets allow. */
    static final String CONSOLE_JVM = System.getProperty("benchmark.console-jvm",
            "-Xmx512m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -Xss512k");
    /**
     * Requests per scenario: the p99 is the 200th slowest of 20,000; of 2,000 (the default before run I) it was the
     * 20th, and one collection pause or recompilation moved a scenario between 0.5x and 4x of the floor.
     */
    static final int REQUESTS = Integer.getInteger("benchmark.requests", 20000);
    static final int WARMUP = Integer.getInteger("benchmark.warmup", 2000);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void benchmark() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.sizes", "1000,10000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        StringBuilder report = new StringBuilder();
        report.append("| N | seed (s) | JVM start to ready / to synced (s) (the inventory's own sync; CPU-s to synced) "
                + "| heap after sync, full GC (MB) | scenario"
                + " | p50 (ms) | p99 (ms) | p99 / health p99 | req/s"
                + " | GC pauses in it: count / total ms / longest ms of the last 2 min |\n");
        report.append("|---|---|---|---|---|---|---|---|---|---|\n");
        String external = System.getProperty("benchmark.api-url");
        boolean real = "real".equals(System.getProperty("benchmark.cluster"));
        boolean apiServerOnly = "apiserver".equals(System.getProperty("benchmark.cluster"));
        if (external != null && !external.isBlank()) {
            // a real (or other) API server, seeded beforehand: N is what it holds
            run(List.of("--console.kubernetes.master-url=" + external), Integer.getInteger("benchmark.expected", 0),
                    0, report);
        } else if (real || apiServerOnly) {
            ControlPlane.PREREQUISITE.require();
            // one control plane, seeded on from one size to the next: 1,000, 50,000 and 100,000 in one run
            try (ControlPlane cluster = apiServerOnly ? ControlPlane.startApiServerOnly() : ControlPlane.startOwn()) {
                KubernetesClient client = cluster.adminClient();
                KServeSeed seed = new KServeSeed(client);
                seed.namespace(KServeSeed.NAMESPACE);
                client.configMaps().inNamespace(KServeSeed.NAMESPACE).resource(KServeSeed.configMap()).create();
                client.apps().deployments().inNamespace(KServeSeed.NAMESPACE)
                        .resource(KServeSeed.controllerDeployment(KServeSeed.CONTROLLER_IMAGE)).create();
                int seeded = 0;
                for (int n : sizes.stream().sorted().toList()) {
                    long seedStart = System.nanoTime();
                    SyntheticInventory.seed(client, seeded, n, ControlPlane.NODE, 16,
                            apiServerOnly ? SyntheticInventory.Pods.STATUS : SyntheticInventory.Pods.KWOK);
                    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
                    seeded = n;
                    double settled = waitUntilEveryPodRuns(client);
                    kubectlSeconds.put(n, kubectlGetAll(cluster));
                    apiServerNotes.put(n, String.format("every pod Running %.1f s after the seed; the API"
                            + " server's own paged LIST (pages of %d, bodies read, not decoded): InferenceServices"
                            + " %.2f s, their pods %.2f s", settled, InventoryWatcher.LIST_PAGE,
                            pagedListSeconds(client, "/apis/serving.kserve.io/v1beta1/inferenceservices?"),
                            pagedListSeconds(client, "/api/v1/pods?labelSelector=" + InventoryWatcher.ISVC_LABEL
                                    + "&")));
                    run(List.of("--console.kubernetes.kubeconfig=" + cluster.adminKubeconfig(),
                            "--console.kubernetes.kserve-namespace=" + KServeSeed.NAMESPACE,
                            "--console.kubernetes.controller-name=" + KServeSeed.CONTROLLER), n, seedSeconds, report);
                }
            }
        } else {
            for (int n : sizes) {
                try (MockKubernetesApi api = MockKubernetesApi.start().recordRequests(false)) {
                    new KServeSeed(api.client()).kserve(KServeSeed.CONTROLLER_IMAGE);
                    long seedStart = System.nanoTime();
                    SyntheticInventory.seed(api, n);
                    run(List.of("--console.kubernetes.master-url=" + api.url()), n,
                            (System.nanoTime() - seedStart) / 1e9, report);
                }
            }
        }
        Path out = Path.of("target", "benchmarks", "inventory.md");
        Files.createDirectories(out.getParent());
        String api = real ? "real control plane (" + ControlPlane.kubernetesVersion() + ", etcd, kwok)"
                : apiServerOnly ? "etcd and kube-apiserver " + ControlPlane.kubernetesVersion() + " alone (no"
                        + " controllers, no kwok: the seed wrote each pod's status)"
                : external != null && !external.isBlank() ? external : "in-memory API";
        String machine = "API server: " + api + ". Machine: " + Runtime.getRuntime().availableProcessors()
                + " CPUs, load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + ", Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "; console JVM " + CONSOLE_JVM + "; " + THREADS
                + " client threads x " + REQUESTS + " requests per scenario.\n\n";
        StringBuilder kubectl = new StringBuilder();
        kubectlSeconds.forEach((n, seconds) -> kubectl.append(String.format(
                "%n`kubectl get inferenceservices -A -o json` at %,d: %.2f s", n, seconds)));
        apiServerNotes.forEach((n, note) -> kubectl.append(String.format("%nAt %,d: %s", n, note)));
        Files.writeString(out, machine + report + kubectl);
        System.out.println("\n" + machine + report + kubectl);
    }

    /**
     * Starts the console in a JVM of its own (so that neither the API server's nor the load generator's garbage
     * counts as the console's), measures start-up, sync, heap and latency, and stops it.
     */
    private final Map<Integer, Double> kubectlSeconds = new java.util.TreeMap<>();
    private final Map<Integer, String> apiServerNotes = new java.util.TreeMap<>();

    /**
     * Seconds until kwok has every seeded pod Running: the console starts on a settled cluster, not in the storm of
     * status updates that follows the seed (run G started it while kwok still wrote them).
     */
    private static double waitUntilEveryPodRuns(KubernetesClient client) throws InterruptedException {
        long start = System.nanoTime();
        while (!client.pods().inAnyNamespace().withLabel(InventoryWatcher.ISVC_LABEL)
                .withoutField("status.phase", "Running")
                .list(new ListOptionsBuilder().withLimit(1L).build()).getItems().isEmpty()) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                throw new IllegalStateException("kwok has not set every pod Running in 30 minutes");
            }
            Thread.sleep(2000);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Seconds the API server needs to serve a whole paged LIST as the console's informers request it (pages of
     * {@link InventoryWatcher#LIST_PAGE}), the bodies read but not decoded: the floor under the console's sync.
     */
    static double pagedListSeconds(KubernetesClient client, String pathAndQuery) {
        long start = System.nanoTime();
        String token = null;
        do {
            String body = client.raw(pathAndQuery + "limit=" + InventoryWatcher.LIST_PAGE
                    + (token == null ? "" : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            // the list's own metadata: first in a typed list (pods), last in a custom resource's (keys sorted)
            Matcher head = CONTINUE.matcher(body.substring(0, Math.min(body.length(), 2000)));
            Matcher tail = CONTINUE.matcher(body.substring(Math.max(0, body.length() - 2000)));
            String found = head.find() ? head.group(1) : tail.find() ? tail.group(1) : null;
            token = found == null || found.isEmpty() ? null : found;
        } while (token != null);
        return (System.nanoTime() - start) / 1e9;
    }

    private static final Pattern CONTINUE = Pattern.compile("\"continue\":\"([^\"]*)\"");

    /** Seconds that {@code kubectl get inferenceservices -A -o json} takes, its output discarded. */
    private static double kubectlGetAll(ControlPlane cluster) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process kubectl = new ProcessBuilder(ControlPlane.binDirectory().resolve("kubectl").toString(),
                "--kubeconfig=" + cluster.adminKubeconfig(), "get", "inferenceservices", "-A", "-o", "json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(false).start();
        if (kubectl.waitFor() != 0) {
            throw new IllegalStateException("kubectl get inferenceservices failed: "
                    + new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void run(List<String> connection, int n, double seedSeconds, StringBuilder report) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(CONSOLE_JVM.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                ModelcarConsoleApplication.class.getName(), "--spring.profiles.active=sandbox",
                "--server.port=" + port, "--logging.level.root=WARN", "--logging.level.io.modelcar=INFO"));
        command.addAll(connection);
        Path log = Path.of("target", "benchmarks", "console-" + n + ".log");
        Files.createDirectories(log.getParent());
        double apiServerBefore = apiServerCpuSeconds();
        long start = System.nanoTime();
        Process console = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            double ready = waitFor(() -> status(http, base + "/actuator/health/readiness") == 200, start, console,
                    50);
            // a list request each time: polled every 50 ms it cost the console more CPU than its appliers (run F)
            double synced = waitFor(() -> synced(http, base, n), start, console, 500);
            double ownSync = initialSyncSeconds(http, base);
            // CPU-seconds to synced: steadier than wall times on a shared machine whose speed moves (runs O and P)
            double consoleCpu = cpuSeconds(console.toHandle());
            double apiServerCpu = apiServerCpuSeconds() - apiServerBefore;
            long heap = heapAfterFullGc(console.pid());
            classHistogram(console.pid(), Path.of("target", "benchmarks", "histogram-" + n + ".txt"));

            Map<String, String> scenarios = new LinkedHashMap<>();
            scenarios.put("/actuator/health (the HTTP floor)", "/actuator/health");
            scenarios.put("page of 50, no filter", "/api/v1/inferenceservices?limit=50");
            scenarios.put("page of 50, namespace + warning", "/api/v1/inferenceservices?limit=50"
                    + "&namespace=bench-07&warning=latest-tag");
            scenarios.put("page of 50, oci=true, 2nd page", "/api/v1/inferenceservices?limit=50&oci=true"
                    + "&continue=" + cursor(base, "/api/v1/inferenceservices?limit=50&oci=true"));
            scenarios.put("page of 50, warning=untagged", "/api/v1/inferenceservices?limit=50"
                    + "&warning=untagged");
            scenarios.put("page of 50, q= text search", "/api/v1/inferenceservices?limit=50&q=model-12");
            scenarios.put("page of 50, q= + namespace", "/api/v1/inferenceservices?limit=50&q=quay.io"
                    + "&namespace=bench-07");
            // one unmeasured round under full concurrency, so the JIT has compiled the hot paths
            for (String path : scenarios.values()) {
                load(base, path);
            }
            boolean first = true;
            double floor = 0;
            for (Map.Entry<String, String> scenario : scenarios.entrySet()) {
                double[] pausesBefore = gcPauses(http, base);
                double[] result = load(base, scenario.getValue());
                double[] pausesAfter = gcPauses(http, base);
                if (first) {
                    floor = result[1];
                }
                report.append(String.format(
                        "| %,d | %s | %s | %s | %s | %.1f | %.1f | %.2f | %.0f | %.0f / %.0f / %.0f |%n", n,
                        first ? String.format("%.1f", seedSeconds) : "",
                        first ? String.format("%.1f / %.1f (%.1f; CPU-s: console %.1f, API server %s)", ready,
                                synced, ownSync, consoleCpu,
                                Double.isNaN(apiServerCpu) ? "-" : String.format("%.1f", apiServerCpu)) : "",
                        first ? String.valueOf(heap / (1024 * 1024)) : "", scenario.getKey(), result[0], result[1],
                        result[1] / floor, result[2], pausesAfter[0] - pausesBefore[0],
                        pausesAfter[1] - pausesBefore[1], pausesAfter[2]));
                first = false;
            }
            System.out.println(report);
        } finally {
            console.destroy();
            if (!console.waitFor(30, TimeUnit.SECONDS)) {
                console.destroyForcibly();
            }
        }
    }

    /** The CPU a process has used, all its threads, in seconds (NaN where the system does not tell). */
    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** The CPU the kube-apiserver process of this machine has used, or NaN without one (the in-memory API). */
    private static double apiServerCpuSeconds() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/kube-apiserver")).orElse(false))
                .mapToDouble(InventoryBenchmark::cpuSeconds).findFirst().orElse(Double.NaN);
    }

    private static final String INITIAL_SYNC_METRIC = "modelcar_console_inventory_initial_sync_seconds";

    /**
     * The inventory's first full sync as the console measures it (its {@code initial_sync_seconds} metric, as admin):
     * from the start of its informers, at the end of the application context's start, to synced. The benchmark's
     * own "to synced" counts from the JVM's start and includes the start-up and the last poll's interval.
     */
    private static double initialSyncSeconds(HttpClient http, String base) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = http.send(asAdmin(base + "/actuator/metrics/" + INITIAL_SYNC_METRIC),
                    HttpResponse.BodyHandlers.ofString());
            // NaN (written as the string "NaN") until synced; consoles before 2026-12-01 16:00 said synced before it
            JsonNode value = r.statusCode() == 200 ? JSON.readTree(r.body()).get("measurements").get(0).get("value")
                    : null;
            if (value != null && value.isNumber()) {
                return value.asDouble();
            }
            if (attempt == 600) {
                throw new IllegalStateException("No initial sync in " + INITIAL_SYNC_METRIC + ": " + r.statusCode()
                        + " " + r.body());
            }
            Thread.sleep(100);
        }
    }

    /**
     * The console's garbage collection pauses so far, from its own metrics ({@code jvm.gc.pause}, as admin): count,
     * total milliseconds, and the longest pause of the last two minutes (Micrometer's decaying maximum, so the
     * value read right after a scenario covers it). A p99 a pause explains is the collector's, not the query's.
     */
    private static double[] gcPauses(HttpClient http, String base) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(asAdmin(base + "/actuator/metrics/jvm.gc.pause"),
                HttpResponse.BodyHandlers.ofString());
        double[] pauses = new double[3];
        if (r.statusCode() != 200) {
            return pauses; // no pause yet: the meter is registered at the first one
        }
        for (JsonNode m : JSON.readTree(r.body()).get("measurements")) {
            double value = m.get("value").asDouble();
            switch (m.get("statistic").asString()) {
                case "COUNT" -> pauses[0] = value;
                case "TOTAL_TIME" -> pauses[1] = value * 1000;
                case "MAX" -> pauses[2] = value * 1000;
                default -> { }
            }
        }
        return pauses;
    }

    /** Seconds from {@code start} until the condition holds (checked every {@code everyMillis}). */
    private static double waitFor(java.util.concurrent.Callable<Boolean> condition, long start, Process console,
            long everyMillis) throws Exception {
        while (true) {
            if (!console.isAlive()) {
                throw new IllegalStateException("The console exited with " + console.exitValue()
                        + "; see target/benchmarks/console-*.log");
            }
            try {
                if (condition.call()) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(everyMillis);
        }
    }

    private static int status(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * The console says its inventory is synced (its first lists applied and its indexes built: until then the list's
     * {@code total} can already be N, and the readiness group is still DOWN), all N InferenceServices are listed and
     * every OCI one has its pod (none is still {@code modelcar-pending}); with an external API server (N unknown),
     * synced with at least one InferenceService.
     */
    private static boolean synced(HttpClient http, String base, int n) throws IOException, InterruptedException {
        HttpResponse<String> all = send(http, base + "/api/v1/inferenceservices?limit=1");
        if (all.statusCode() != 200) {
            return false;
        }
        JsonNode list = JSON.readTree(all.body());
        if (!list.get("synced").asBoolean()) {
            return false;
        }
        int total = list.get("total").asInt();
        if (n == 0) {
            return total > 0;
        }
        if (total != n) {
            return false;
        }
        HttpResponse<String> pending = send(http, base + "/api/v1/inferenceservices?limit=1&verdict=modelcar-pending");
        return JSON.readTree(pending.body()).get("total").asInt() == 0;
    }

    /**
     * What the heap after sync is made of: the live objects by class ({@code jcmd GC.class_histogram}, itself after
     * a full GC), the largest first, written beside the console's log.
     */
    private static void classHistogram(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true)
                .redirectOutput(file.toFile()).start().waitFor();
    }

    /** Heap used by the console's JVM right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    private static long heapAfterFullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Process info = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_info")
                .redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        // G1: "garbage-first heap total ..K, used ..K"; Serial/Parallel: one line per generation
        Matcher used = Pattern.compile("(?:generation|heap|PSYoungGen|ParOldGen)"
                + "\\s+total \\d+K, used (\\d+)K").matcher(text);
        long kilobytes = 0;
        boolean found = false;
        while (used.find()) {
            kilobytes += Long.parseLong(used.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("Unexpected GC.heap_info: " + text);
        }
        return kilobytes * 1024;
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
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body()
                        + "; the health then, as admin: " + adminHealth(base));
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
                    HttpResponse<String> r = send(http, base + path);
                    latencies[offset + i] = System.nanoTime() - s;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + r.statusCode() + " after "
                                + (System.nanoTime() - start) / 1_000_000 + " ms of the scenario: " + r.body()
                                + "; the health then, as admin: " + adminHealth(base));
                    }
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

    /** The console's whole health with every component's details (admin sees them): what a 503 was about. */
    private static String adminHealth(String base) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(asAdmin(base + "/actuator/health"), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpRequest asAdmin(String url) {
        return as("admin", url).build();
    }

    /** A request with HTTP Basic as one of the sandbox's users (password = name). */
    private static HttpRequest.Builder as(String user, String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> send(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(as("viewer", url).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }


}
