package io.modelcar.console.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.LocalRegistry;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.SyntheticInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;

/**
 * The sandbox: an in-memory Kubernetes API on {@code 127.0.0.1:18080} (or, with {@code -Dsandbox.cluster=real},
 * the real control plane of the tests) seeded with a KServe v0.20.0 installation, a kubeconfig for {@code kubectl}
 * in {@code target/sandbox/kubeconfig}, and the console on port 8080 against it. Started by
 * {@code ./mvnw spring-boot:test-run}; {@code -Dsandbox.seed=N} adds N synthetic InferenceServices with a pod each
 * (in-memory API). The in-memory API keeps no log of the requests it serves, so a long session does not grow.
 */
public final class SandboxApplication {

    public static final int API_PORT = 18080;
    /** The KServe release the real-cluster sandbox runs where it is built. */
    static final String KSERVE = "v0.20.0";
    /** The sandbox cluster's kubeconfig, for kubectl. */
    public static final Path KUBECONFIG = Path.of("target", "sandbox", "kubeconfig");
    private static final Logger log = LoggerFactory.getLogger(SandboxApplication.class);

    private SandboxApplication() {
    }

    public static void main(String[] args) throws IOException {
        java.util.Map<String, Object> defaults = new java.util.HashMap<>();
        if ("real".equals(System.getProperty("sandbox.cluster"))) {
            defaults.putAll(realControlPlane());
        } else {
            MockKubernetesApi api = MockKubernetesApi.start(Integer.getInteger("sandbox.api-port", API_PORT))
                    .recordRequests(false);
            KubernetesClient client = api.client();
            new KServeSeed(client).all();
            seedAtScale(api, Integer.getInteger("sandbox.seed", 0));
            SandboxSimulations.start(client);
            Path kubeconfig = writeKubeconfig(api.url(), KUBECONFIG);
            log.info("Sandbox on the in-memory Kubernetes API (fabric8 mock server) on {}; kubectl --kubeconfig {} "
                    + "get isvc -A. A real control plane instead: -Dspring-boot.run.jvmArguments=-Dsandbox.cluster=real",
                    api.url(), kubeconfig);
            defaults.put("console.kubernetes.master-url", api.url());
        }
        defaults.putAll(fleet(Integer.getInteger("sandbox.clusters", 1)));
        defaults.putAll(sandboxRegistry());
        SpringApplication app = new SpringApplication(ModelcarConsoleApplication.class);
        app.setAdditionalProfiles("sandbox");
        app.setDefaultProperties(defaults);
        app.run(args);
    }

    /**
     * With {@code -Dsandbox.cluster=real}: the real control plane of the tests (etcd, kube-apiserver, controller
     * manager, scheduler, kwok's node; {@link ControlPlane}), seeded the same way, stopped with the sandbox. Its
     * controllers do what the in-memory API's simulations do (rollouts, Ready pods); the administrator's kubeconfig
     * is copied to {@code target/sandbox/kubeconfig}. Where KServe {@value #KSERVE} is built (and unless
     * {@code -Dsandbox.kserve=false}) the real KServe runs on it ({@link KServeCluster#forSandbox}): its webhook
     * injects the modelcars of new model pods as the stored {@code storageInitializer} says, its controller makes the
     * samples' Deployments, pods and statuses.
     */
    static java.util.Map<String, Object> realControlPlane() throws IOException {
        if (!ControlPlane.PREREQUISITE.present()) {
            throw new IllegalStateException("-Dsandbox.cluster=real: " + ControlPlane.PREREQUISITE.missingMessage());
        }
        KServeRelease release = new KServeRelease(KSERVE);
        boolean withKServe = !"false".equals(System.getProperty("sandbox.kserve")) && release.built();
        ControlPlane controlPlane;
        if (withKServe) {
            controlPlane = KServeCluster.forSandbox(release).plane();
            new KServeSeed(controlPlane.adminClient()).allOnKServe();
        } else {
            controlPlane = ControlPlane.shared();
            new KServeSeed(controlPlane.adminClient()).allOnRealCluster();
        }
        Files.createDirectories(KUBECONFIG.getParent());
        Files.copy(controlPlane.adminKubeconfig(), KUBECONFIG, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        log.info("Sandbox on the real control plane (Kubernetes {}, etcd, kwok node {}) at {}; kubectl --kubeconfig "
                + "{} get isvc -A (kubectl of the same release: {})", ControlPlane.kubernetesVersion(),
                ControlPlane.NODE, controlPlane.url(), KUBECONFIG, ControlPlane.binDirectory().resolve("kubectl"));
        if (withKServe) {
            log.info("KServe {} runs on it: flip Modelcars on /toggles, then kubectl --kubeconfig {} -n modelcar-demo "
                    + "rollout restart deployment sklearn-iris-predictor and look at the new pod on "
                    + "/inferenceservices/modelcar-demo/sklearn-iris", release.version(), KUBECONFIG);
        } else {
            log.info("No KServe on it (-Dsandbox.kserve=false, or not built: {}): the samples get no pods",
                    release.prerequisite().missingMessage());
        }
        return java.util.Map.of("console.kubernetes.kubeconfig", KUBECONFIG.toAbsolutePath().toString());
    }

    /** The fleet's sandbox clusters after the first: their names and environment classes, in order. */
    static final java.util.List<String> FLEET = java.util.List.of("staging", "production");

    /**
     * With {@code -Dsandbox.clusters=2} or {@code 3}: a fleet (docs/fleet.md). The default cluster is named
     * {@code test} and labelled test; {@code staging} and {@code production} are seeded the same way with values of
     * their own (memoryLimit 2Gi and 4Gi) and labelled with their environment class, with kubeconfigs
     * {@code target/sandbox/kubeconfig-staging}, {@code -production}. On the in-memory API each is an in-memory API
     * server of its own (ports api-port+1, +2); with {@code -Dsandbox.cluster=real} each is a real control plane of its
     * own (etcd, kube-apiserver, controller manager; stopped with the sandbox), reached through its kubeconfig.
     */
    static java.util.Map<String, Object> fleet(int clusters) throws IOException {
        java.util.Map<String, Object> properties = new java.util.HashMap<>();
        if (clusters <= 1) {
            return properties;
        }
        properties.put("console.clusters.default-name", "test");
        int basePort = Integer.getInteger("sandbox.api-port", API_PORT);
        boolean real = "real".equals(System.getProperty("sandbox.cluster"));
        if (real) {
            try (KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                    io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(KUBECONFIG))).build()) {
                label(client, "test");
            }
        } else {
            try (KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:" + basePort)
                            .build()).build()) {
                label(client, "test");
            }
        }
        for (int i = 0; i < Math.min(clusters - 1, FLEET.size()); i++) {
            String name = FLEET.get(i);
            String prefix = "console.clusters.remote[" + i + "].";
            Path kubeconfig = KUBECONFIG.resolveSibling("kubeconfig-" + name);
            KubernetesClient client;
            String where;
            if (real) {
                ControlPlane plane = ControlPlane.startOwn();
                Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "sandbox-" + name + "-stop"));
                client = plane.adminClient();
                new KServeSeed(client).allOnRealCluster();
                Files.copy(plane.adminKubeconfig(), kubeconfig, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                properties.put(prefix + "kubeconfig", kubeconfig.toAbsolutePath().toString());
                where = "a real control plane at " + plane.url();
            } else {
                MockKubernetesApi api = MockKubernetesApi.start(basePort + 1 + i).recordRequests(false);
                client = api.client();
                new KServeSeed(client).all();
                SandboxSimulations.start(client);
                writeKubeconfig(api.url(), kubeconfig);
                properties.put(prefix + "master-url", api.url());
                where = "the in-memory API " + api.url();
            }
            String raw = KServeSeed.configMap().getData().get("storageInitializer")
                    .replace("\"memoryLimit\": \"1Gi\"", "\"memoryLimit\": \"" + (2 + 2 * i) + "Gi\"");
            io.fabric8.kubernetes.api.model.ConfigMap map = client.configMaps().inNamespace(KServeSeed.NAMESPACE)
                    .withName(KServeSeed.CONFIG_MAP).get();
            map.getData().put("storageInitializer", raw);
            client.configMaps().inNamespace(KServeSeed.NAMESPACE).resource(map).update();
            label(client, name);
            properties.put(prefix + "name", name);
            properties.put(prefix + "environment", name);
            log.info("Sandbox fleet: cluster {} on {}; kubectl --kubeconfig {} get cm -n kserve", name, where,
                    kubeconfig);
        }
        log.info("Sandbox fleet: {} clusters; the fleet page is http://localhost:8080/fleet", clusters);
        return properties;
    }

    private static void label(KubernetesClient client, String environment) {
        io.fabric8.kubernetes.api.model.Namespace namespace = client.namespaces().withName(KServeSeed.NAMESPACE)
                .get();
        if (namespace == null) {
            return;
        }
        if (namespace.getMetadata().getLabels() == null) {
            namespace.getMetadata().setLabels(new java.util.HashMap<>());
        }
        namespace.getMetadata().getLabels().put("modelcar-console/environment", environment);
        client.namespaces().resource(namespace).update();
    }

    /**
     * With {@code -Dsandbox.seed=N}, N more InferenceServices with a pod each (the benchmark's mix, in namespaces
     * {@code bench-00} ... {@code bench-49}), stored straight into the in-memory API.
     */
    static void seedAtScale(MockKubernetesApi api, int n) {
        if (n <= 0) {
            return;
        }
        long start = System.nanoTime();
        SyntheticInventory.seed(api, n);
        log.info("Sandbox: seeded {} synthetic InferenceServices with a pod each in {} ms", n,
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * With {@code -Dsandbox.registry=true} (and Debian's docker-registry installed) a throw-away registry on
     * 127.0.0.1:5000 (or {@code -Dsandbox.registry-port}) that the images page builds into; otherwise a hint.
     */
    static java.util.Map<String, Object> sandboxRegistry() {
        if (!Boolean.getBoolean("sandbox.registry")) {
            log.info("Images: no registry. Try ./mvnw spring-boot:test-run -Dspring-boot.run.jvmArguments="
                    + "-Dsandbox.registry=true (needs apt-get install docker-registry), or start one yourself "
                    + "(docs/images.md) and pass --console.images.registry.url=http://127.0.0.1:5000");
            return java.util.Map.of();
        }
        if (!LocalRegistry.available()) {
            log.warn("Images: -Dsandbox.registry=true but {} is missing (apt-get install docker-registry)",
                    LocalRegistry.BINARY);
            return java.util.Map.of();
        }
        LocalRegistry registry = LocalRegistry.open(Integer.getInteger("sandbox.registry-port", 5000));
        try {
            registry.start();
        } catch (IOException | RuntimeException e) {
            log.warn("Images: the sandbox registry did not start: {}", e.getMessage());
            return java.util.Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Map.of();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(registry::stop));
        log.info("Images: sandbox registry on {} (skopeo inspect --tls-verify=false docker://{}/<repo>:<tag>)",
                registry.url(), registry.host());
        return java.util.Map.of("console.images.registry.url", registry.url());
    }

    static Path writeKubeconfig(String server, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: modelcar-sandbox
                  cluster:
                    server: %s
                contexts:
                - name: modelcar-sandbox
                  context:
                    cluster: modelcar-sandbox
                    user: sandbox
                    namespace: kserve
                current-context: modelcar-sandbox
                users:
                - name: sandbox
                  user:
                    token: sandbox
                """.formatted(server));
        return file;
    }
}
