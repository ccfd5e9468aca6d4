package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * KServe running for real on a real API server: one release's CRDs and shipped configuration installed, its
 * webhook configurations pointing at a {@link KServeManager} on loopback behind a CA made for the run, in raw
 * deployment mode (no Knative, no Istio).
 *
 * <p>The differential suites share one per release in a test JVM ({@link #shared}), each on a control plane of its
 * own ({@link ControlPlane#startWithoutInferenceServiceCrd()}): the release's CRDs go onto an empty cluster and
 * nothing has to be put back, whatever the other release or the stand-in CRD of the shared control plane look like.
 *
 * <p>Clean-up never hangs: {@link #clear()} deletes every InferenceService while the manager still runs (KServe's
 * finalizer needs it) and strips the finalizers of any left after {@link #DRAIN}; {@link #close()} then removes the
 * webhook configurations and stops the manager and the control plane. Every wait is bounded and says what it
 * waited for.
 */
public final class KServeCluster implements AutoCloseable {

    public static final String NAMESPACE = "kserve";
    /** InferenceServices, for the generic client. */
    public static final ResourceDefinitionContext ISVC = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io").withVersion("v1beta1").withKind("InferenceService")
            .withPlural("inferenceservices").withNamespaced(true).build();
    /** What every suite on a real KServe needs from the machine besides the release itself. */
    public static final Prerequisite PREREQUISITE = Prerequisite.allOf(ControlPlane.PREREQUISITE,
            WebhookCertificates.OPENSSL);
    /** How long {@link #clear()} lets the manager finalize the InferenceServices before it strips the rest. */
    static final Duration DRAIN = Duration.ofSeconds(60);
    private static final Duration READY = Duration.ofMinutes(3);

    /** One running KServe per release for this JVM, shared by the suites ({@link #shared}). */
    private static final Map<KServeRelease, KServeCluster> SHARED = new java.util.HashMap<>();
    private static final Map<KServeRelease, RuntimeException> FAILED = new java.util.HashMap<>();
    /** Namespaces a cleared cluster keeps. */
    private static final java.util.Set<String> SYSTEM_NAMESPACES = java.util.Set.of("default", "kube-system",
            "kube-public", "kube-node-lease", NAMESPACE);

    private final KServeRelease release;
    private final ControlPlane plane;
    /** The administrator, with room for slow requests (megabyte CRDs); closed with the cluster. */
    private final KubernetesClient admin;
    private final KServeInstall install;
    private final WebhookCertificates certs;
    private final Path work;
    private KServeManager manager;

    private KServeCluster(KServeRelease release, ControlPlane plane, Path work) {
        this.release = release;
        this.plane = plane;
        this.work = work;
        this.admin = plane.client(plane.adminKubeconfig(), Duration.ofSeconds(90));
        this.install = new KServeInstall(admin, release);
        this.certs = WebhookCertificates.create(work);
    }

    /**
     * The releases the suites judge against, for {@code @MethodSource("...KServeCluster#releases")}: all of
     * {@link KServeRelease#ALL}, or those named by {@code -Dkserve.releases=v0.20.0,...} (to rerun one).
     */
    public static Stream<KServeRelease> releases() {
        String only = System.getProperty("kserve.releases", "");
        return KServeRelease.ALL.stream().filter(r -> only.isBlank() || List.of(only.split(",")).contains(r.version()));
    }

    /**
     * The KServe of {@code release} that the suites of this JVM share (started on first use, 20-90 s on a busy
     * machine: the control plane, then the API server establishing KServe's CRDs; stopped when the JVM exits), {@linkplain #clear()
     * cleared} and configured with the shipped {@code inferenceservice-config} and {@code data} over it. Callers do
     * not close it; they clear it when done so that the next suite starts from an empty cluster. Skips (fails under
     * {@code CI=true}) when the release is not built.
     */
    public static KServeCluster shared(KServeRelease release, Map<String, String> data) {
        release.prerequisite().require();
        KServeCluster cluster;
        synchronized (SHARED) {
            if (FAILED.containsKey(release)) {
                throw new IllegalStateException(release + " did not start: " + FAILED.get(release).getMessage(),
                        FAILED.get(release));
            }
            cluster = SHARED.get(release);
            if (cluster == null) {
                try {
                    cluster = start(release, data);
                } catch (RuntimeException e) {
                    FAILED.put(release, e);
                    throw e;
                }
                KServeCluster started = cluster;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "kserve-" + release.version()
                        + "-stop"));
                SHARED.put(release, cluster);
                return cluster;
            }
        }
        cluster.clear();
        cluster.configure(data);
        return cluster;
    }

    /**
     * A control plane of its own with {@code release}'s CRDs and shipped {@code inferenceservice-config} (raw
     * deployment mode, {@code data} over it), its {@code kserve-sklearnserver} ClusterServingRuntime, its webhooks
     * and a running manager. Skips (fails under {@code CI=true}) when the release is not built.
     */
    private static KServeCluster start(KServeRelease release, Map<String, String> data) {
        KServeCluster cluster = withoutManager(release);
        try {
            cluster.install.applyConfigMap(cluster.install.shippedConfigMap(NAMESPACE, data));
            cluster.install.clusterServingRuntime("kserve-sklearnserver.yaml");
            long started = System.nanoTime();
            cluster.startManager();
            System.out.println(release + ": manager ready in " + seconds(started));
            return cluster;
        } catch (RuntimeException e) {
            cluster.closeQuietly(e);
            throw e;
        }
    }

    /**
     * KServe for the sandbox ({@code -Dsandbox.cluster=real}): a control plane of its own with the release's CRDs,
     * shipped {@code inferenceservice-config} (raw deployment mode), every shipped ClusterServingRuntime but the
     * multi-node one, its webhooks and a running manager; stopped when the JVM exits. Not shared with the suites:
     * the sandbox's InferenceServices stay.
     */
    public static KServeCluster forSandbox(KServeRelease release) {
        List<String> runtimes;
        try (Stream<Path> files = Files.list(release.config().resolve("runtimes"))) {
            runtimes = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals("kustomization.yaml") && !f.contains("multinode")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KServeCluster cluster = start(release, Map.of());
        try {
            runtimes.forEach(cluster.install::clusterServingRuntime);
        } catch (RuntimeException e) {
            cluster.closeQuietly(e);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "kserve-sandbox-stop"));
        return cluster;
    }

    /** A control plane of its own with {@code release}'s CRDs only. */
    private static KServeCluster withoutManager(KServeRelease release) {
        release.prerequisite().require();
        long started = System.nanoTime();
        ControlPlane plane = ControlPlane.startWithoutInferenceServiceCrd();
        System.out.println(release + ": control plane up in " + seconds(started));
        KServeCluster cluster;
        try {
            cluster = new KServeCluster(release, plane, tempDirectory(release));
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
        try {
            long crds = System.nanoTime();
            cluster.install.crds();
            System.out.println(release + ": CRDs Established in " + seconds(crds));
            return cluster;
        } catch (RuntimeException e) {
            cluster.closeQuietly(e);
            throw e;
        }
    }

    private void startManager() {
        int port = KServeManager.freePort();
        install.webhooks(port, certs.caBundle());
        manager = KServeManager.start(release, plane.adminKubeconfig(), NAMESPACE, certs, port);
        if (!manager.awaitReady(READY)) {
            throw new IllegalStateException(release + " manager did not become ready within " + READY + " (log "
                    + manager.logFile() + "):\n" + tail(manager.log(), 40));
        }
    }

    /** Stops the running manager and starts a new one (its webhooks on a new port): a controller restart. */
    public void restartManager() {
        if (manager != null) {
            manager.close();
        }
        startManager();
    }

    /**
     * A manager reading the {@code inferenceservice-config} of {@code namespace}, webhooks on a free port that no
     * webhook configuration names (the pre-flight suite: does it start at all?). The caller closes it.
     */
    public KServeManager manager(String namespace) {
        return KServeManager.start(release, plane.adminKubeconfig(), namespace, certs, KServeManager.freePort());
    }

    public KServeRelease release() {
        return release;
    }

    public ControlPlane plane() {
        return plane;
    }

    /** A cluster administrator's client (requests may take 90 s); do not close it. */
    public KubernetesClient admin() {
        return admin;
    }

    public KServeInstall install() {
        return install;
    }

    /** The running manager, whose webhooks the API server calls. */
    public KServeManager manager() {
        return manager;
    }

    /** Replaces data keys of the running installation's {@code inferenceservice-config}. */
    public void configure(Map<String, String> data) {
        install.applyConfigMap(install.shippedConfigMap(NAMESPACE, data));
    }

    /**
     * Leaves the cluster as a suite found it: every InferenceService deleted while the manager runs (its finalizer
     * removed by KServe, or stripped after {@link #DRAIN}) and every namespace but the system ones and KServe's
     * deleted (not waited for: the next suite uses namespaces of other names). Fails, after cleaning up all the
     * same, when InferenceServices had to be stripped of their finalizers.
     */
    public void clear() {
        String left = drainInferenceServices();
        admin.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName())
                .filter(name -> !SYSTEM_NAMESPACES.contains(name))
                .forEach(name -> admin.namespaces().withName(name).delete());
        if (left != null) {
            throw new IllegalStateException(release + " clean-up: " + left);
        }
    }

    /**
     * {@linkplain #clear() Clears} the cluster, then removes the webhook configurations and stops the manager and
     * the control plane. Never hangs: every wait is bounded.
     */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        try {
            clear();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        try {
            install.removeWebhooks();
        } catch (RuntimeException e) {
            problems.add("removing the webhook configurations failed: " + e);
        }
        stop();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(release + " clean-up: " + String.join("; ", problems));
        }
    }

    /**
     * Stops the manager and the control plane (at JVM exit: nothing to clean up, the cluster goes) and deletes the
     * certificates and logs, which {@code -Dcontrolplane.keep=true} keeps.
     */
    private synchronized void stop() {
        if (manager != null) {
            manager.close();
        }
        admin.close();
        plane.close();
        if (!Boolean.getBoolean("controlplane.keep")) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: a temporary directory
            }
        }
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Deletes every InferenceService; while the manager runs it removes KServe's finalizer from each. Whatever is
     * still there after {@link #DRAIN} (or at once, without a running manager) loses its finalizers.
     *
     * @return what had to be stripped, or null when the manager finalized everything
     */
    private String drainInferenceServices() {
        if (admin.apiextensions().v1().customResourceDefinitions().withName("inferenceservices.serving.kserve.io")
                .get() == null) {
            return null;
        }
        var all = admin.genericKubernetesResources(ISVC).inAnyNamespace();
        if (all.list().getItems().isEmpty()) {
            return null;
        }
        all.list().getItems().stream().map(i -> i.getMetadata().getNamespace()).distinct()
                .forEach(namespace -> admin.genericKubernetesResources(ISVC).inNamespace(namespace).delete());
        boolean running = manager != null && manager.alive();
        boolean drained = running && poll(DRAIN, () -> all.list().getItems().isEmpty());
        if (drained) {
            return null;
        }
        List<GenericKubernetesResource> left = all.list().getItems();
        for (GenericKubernetesResource isvc : left) {
            try {
                admin.genericKubernetesResources(ISVC).inNamespace(isvc.getMetadata().getNamespace())
                        .withName(isvc.getMetadata().getName())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        await("the InferenceServices stripped of their finalizers to be gone", Duration.ofSeconds(30),
                () -> all.list().getItems().isEmpty(), () -> all.list().getItems().size() + " left");
        return running ? left.size() + " InferenceServices were not finalized by the manager within " + DRAIN
                + " and had their finalizers stripped (manager log " + manager.logFile() + ")" : null;
    }

    /** Polls every 200 ms; true when the condition held within {@code timeout}. */
    public static boolean poll(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Like {@link #poll} but fails, naming what it waited for and what it saw last, when the time runs out. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        if (!poll(timeout, condition)) {
            throw new IllegalStateException("Waited " + timeout.toSeconds() + " s for " + what + " in vain: "
                    + state.get());
        }
    }

    /** An InferenceService in raw deployment mode, without autoscaler, with this spec. */
    public static GenericKubernetesResource inferenceService(String namespace, String name, Map<String, Object> spec) {
        GenericKubernetesResource isvc = new GenericKubernetesResource();
        isvc.setApiVersion("serving.kserve.io/v1beta1");
        isvc.setKind("InferenceService");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        // no HorizontalPodAutoscaler: without a metrics server the controller manager would poll hundreds of them
        // every 15 s for nothing, the CPU the suites need most; storage injection does not depend on it
        meta.setAnnotations(Map.of("serving.kserve.io/deploymentMode", "RawDeployment",
                "serving.kserve.io/autoscalerClass", "none"));
        isvc.setMetadata(meta);
        isvc.setAdditionalProperty("spec", spec);
        return isvc;
    }

    /**
     * A pod as the ReplicaSet controller would create it from the Deployment's template, created with
     * {@code dryRun=All}: KServe's pod webhook mutates it and the API server defaults it; nothing is stored.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when admission refuses it
     */
    public static Pod dryRunPod(KubernetesClient client, String namespace, String deployment) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        Pod pod = new Pod();
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(deployment + "-");
        meta.setNamespace(namespace);
        meta.setLabels(d.getSpec().getTemplate().getMetadata().getLabels());
        meta.setAnnotations(d.getSpec().getTemplate().getMetadata().getAnnotations());
        pod.setMetadata(meta);
        pod.setSpec(d.getSpec().getTemplate().getSpec());
        return client.pods().inNamespace(namespace).resource(pod).dryRun().create();
    }

    /** The last {@code lines} lines of a log, for a failure message. */
    public static String tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String seconds(long since) {
        return String.format("%.1f s", (System.nanoTime() - since) / 1e9);
    }

    private static Path tempDirectory(KServeRelease release) {
        try {
            return Files.createTempDirectory("kserve-" + release.version() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
