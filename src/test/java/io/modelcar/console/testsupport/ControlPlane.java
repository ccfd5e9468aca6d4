package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok
 * (one fake node that runs every pod bound to it) as processes on loopback, on free ports, built by
 * {@code src/test/control-plane/build.sh} into a cache outside the work tree. One per test JVM ({@link #shared()}),
 * started on first use and stopped when the JVM exits: no process outlives the JVM, even one that is killed (each
 * process is tied to a pipe from this JVM and ends when the pipe closes).
 *
 * <p>What it is: the API server with TLS (a self-signed serving certificate it generates, {@link #caCertificate()}),
 * token authentication (an admin in {@code system:masters}), the RBAC authorizer, the default admission plugins and
 * ServiceAccount tokens signed with a key generated here; the controller manager with its default controllers
 * (Deployments, ReplicaSets, garbage collector, namespaces, ServiceAccounts and their tokens); the scheduler; kwok
 * playing node {@value #NODE}: pods become Running and Ready at once, pods labelled {@value #CRASH_LOOP_LABEL}
 * crash-loop ({@code src/test/resources/control-plane/kwok-stages.yaml}). The InferenceService CRD with a
 * structural schema ({@code src/test/resources/control-plane/inferenceservice-crd.yaml}) is installed.
 *
 * <p>Tests register {@link #PREREQUISITE} so that they are reported skipped where the binaries are not built (and
 * fail under {@code CI=true}). Test classes share the control plane: each works in namespaces of its own, or calls
 * {@link #reset()} to delete every namespace the control plane did not start with.
 */
public final class ControlPlane implements AutoCloseable {

    /** The fake node kwok plays; every pod is scheduled to it. */
    public static final String NODE = "kwok-node-0";
    /** A pod with this label crash-loops instead of becoming Ready (any value). */
    public static final String CRASH_LOOP_LABEL = "modelcar.io/crash-loop";
    static final Path GO_MOD = Path.of("src", "test", "control-plane", "kubernetes", "go.mod");
    static final List<String> BINARIES = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
            "kubectl", "kwok");
    private static final Duration STARTUP = Duration.ofSeconds(120);

    /** The control plane binaries of the pinned release, built by {@code src/test/control-plane/build.sh}. */
    public static final Prerequisite PREREQUISITE = Prerequisite.of(
            "The real Kubernetes control plane (" + String.join(", ", BINARIES) + " in " + binDirectory() + ")",
            () -> BINARIES.stream().allMatch(name -> Files.isExecutable(binDirectory().resolve(name))),
            "build it with src/test/control-plane/build.sh (needs Go; .ci/run does it)");

    private static ControlPlane shared;
    /** Why the control plane did not start: told to every later caller at once instead of trying again. */
    private static RuntimeException failure;

    private final Path bin = binDirectory();
    private final Path work;
    private final String adminToken = randomToken();
    private final List<Component> components = new ArrayList<>();
    private final Set<String> initialNamespaces;
    private final int etcdPort;
    private final int apiPort;
    private Component apiServer;
    private KubernetesClient admin;
    /** After a failed start the components' logs stay for a reader. */
    private boolean keepWork;
    /** The JVM-exit stop of a control plane that is not the shared one, removed when it is closed before. */
    private Thread shutdownHook;

    /**
     * The control plane of this JVM, started on first call (up to a minute or two on a busy machine). Callers have
     * checked {@link #PREREQUISITE}.
     */
    public static synchronized ControlPlane shared() {
        if (failure != null) {
            throw new IllegalStateException("The control plane did not start: " + failure.getMessage(), failure);
        }
        if (shared == null) {
            ControlPlane started;
            try {
                started = new ControlPlane();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "control-plane-stop"));
            shared = started;
        }
        return shared;
    }

    /**
     * A control plane of the caller's own, which the caller closes: for a test whose consoles must not meet the
     * application contexts that other test classes keep running against the {@linkplain #shared() shared} one.
     */
    public static ControlPlane startOwn() {
        return new ControlPlane();
    }

    /** Where {@code build.sh} puts the binaries of the release that {@code src/test/control-plane} pins. */
    public static Path binDirectory() {
        String cache = System.getenv("MODELCAR_CP_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "modelcar-console", "control-plane");
        return root.resolve(kubernetesVersion()).resolve("bin");
    }

    /** The Kubernetes release the control plane is built from, e.g. {@code v1.34.4}. */
    public static String kubernetesVersion() {
        try {
            Matcher m = Pattern.compile("(?m)^\\s*k8s\\.io/kubernetes (v\\S+)").matcher(Files.readString(GO_MOD));
            if (!m.find()) {
                throw new IllegalStateException("No k8s.io/kubernetes version in " + GO_MOD);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + GO_MOD + " (run from the project directory)", e);
        }
    }

    /**
     * A control plane of its own (not {@link #shared()}), without the stand-in InferenceService CRD: for a suite
     * that installs the real KServe's CRDs on a cluster nobody else uses. The caller closes it (a JVM exit stops it
     * too).
     */
    public static ControlPlane startWithoutInferenceServiceCrd() {
        return stoppedOnExit(new ControlPlane(false));
    }

    /**
     * etcd and the API server alone, with the InferenceService CRD: no controller manager, scheduler, kwok or node,
     * so nothing but its clients costs the machine CPU. For benchmarks whose seed writes every status itself
     * ({@link SyntheticInventory.Pods#STATUS}); nothing creates a namespace's default ServiceAccount. The caller
     * closes it (a JVM exit stops it too).
     */
    public static ControlPlane startApiServerOnly() {
        return stoppedOnExit(new ControlPlane(true, false));
    }

    private static ControlPlane stoppedOnExit(ControlPlane started) {
        Thread hook = new Thread(started::close, "control-plane-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        started.shutdownHook = hook;
        return started;
    }

    private ControlPlane() {
        this(true);
    }

    private ControlPlane(boolean inferenceServiceCrd) {
        this(inferenceServiceCrd, true);
    }

    private ControlPlane(boolean inferenceServiceCrd, boolean controllers) {
        try {
            work = Files.createTempDirectory("modelcar-control-plane-");
            etcdPort = freePort();
            apiPort = freePort();
            startEtcd();
            startApiServer();
            writeKubeconfig(adminKubeconfig(), "admin", adminToken);
            admin = client(adminKubeconfig());
            if (controllers) {
                startControllers();
                createNode();
            }
            if (inferenceServiceCrd) {
                installInferenceServiceCrd();
            }
            if (controllers) {
                awaitDefaultServiceAccount();
            }
            initialNamespaces = Set.copyOf(admin.namespaces().list().getItems().stream()
                    .map(n -> n.getMetadata().getName()).toList());
        } catch (IOException e) {
            keepWork = true;
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            keepWork = true;
            close();
            throw e;
        }
    }

    /** The API server, e.g. {@code https://127.0.0.1:41234}. */
    public String url() {
        return "https://127.0.0.1:" + apiPort;
    }

    /** The API server's serving certificate and the CA that signed it (PEM), to trust in clients. */
    public Path caCertificate() {
        return work.resolve("certs").resolve("apiserver.crt");
    }

    /** A kubeconfig of the cluster administrator ({@code system:masters}). */
    public Path adminKubeconfig() {
        return work.resolve("admin.kubeconfig");
    }

    /** A client of the cluster administrator, shared (do not close it). */
    public KubernetesClient adminClient() {
        return admin;
    }

    /** Where the components write their logs ({@code <component>.log}) and the control plane keeps its files. */
    public Path workDirectory() {
        return work;
    }

    /**
     * A kubeconfig that authenticates as this ServiceAccount with a token from the TokenRequest API (valid for a
     * day), as the console's pod would: the identity that RBAC decides for.
     */
    public Path serviceAccountKubeconfig(String namespace, String serviceAccount) {
        String token = serviceAccountToken(namespace, serviceAccount);
        Path file = work.resolve("sa-" + namespace + "-" + serviceAccount + ".kubeconfig");
        writeKubeconfig(file, "system:serviceaccount:" + namespace + ":" + serviceAccount, token);
        return file;
    }

    /** A token of the ServiceAccount from the TokenRequest API (as {@code kubectl create token}), valid for a day. */
    public String serviceAccountToken(String namespace, String serviceAccount) {
        return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(86_400L).endSpec()
                        .build())
                .getStatus().getToken();
    }

    /** A new client authenticated by this kubeconfig; the caller closes it. */
    public KubernetesClient client(Path kubeconfig) {
        return client(kubeconfig, null);
    }

    /**
     * A new client authenticated by this kubeconfig, whose requests may take up to {@code requestTimeout} (the
     * default is 10 s: too short for a megabyte CRD on a busy machine); the caller closes it.
     */
    public KubernetesClient client(Path kubeconfig, Duration requestTimeout) {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setRequestRetryBackoffLimit(0);
            if (requestTimeout != null) {
                config.setRequestTimeout((int) requestTimeout.toMillis());
            }
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the namespace unless it exists (waiting while an earlier one of that name is being deleted), and
     * waits for its {@code default} ServiceAccount: until the controller manager has made it, the API server refuses
     * pods in the namespace.
     */
    public void createNamespace(String name) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            var existing = admin.namespaces().withName(name).get();
            if (existing == null) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                        .build()).create();
                continue;
            }
            if (existing.getMetadata().getDeletionTimestamp() == null) {
                awaitCondition("ServiceAccount " + name + "/default",
                        () -> admin.serviceAccounts().inNamespace(name).withName("default").get() != null);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Namespace " + name + " is still being deleted");
            }
            sleep(200);
        }
    }

    /**
     * Deletes every namespace the control plane did not start with and waits until they are gone (their objects
     * with them), so that the next test class starts from the same cluster.
     */
    public void reset() {
        admin.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName())
                .filter(name -> !initialNamespaces.contains(name))
                .forEach(name -> admin.namespaces().withName(name).delete());
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (admin.namespaces().list().getItems().stream()
                .anyMatch(n -> !initialNamespaces.contains(n.getMetadata().getName()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Namespaces not deleted within " + STARTUP);
            }
            sleep(200);
        }
    }

    /**
     * Runs kubectl (of the same release) as the administrator and returns its standard output; fails with its
     * error output when it exits non-zero.
     */
    public String kubectl(String... args) {
        return kubectl(adminKubeconfig(), args);
    }

    /** Runs kubectl with this kubeconfig; see {@link #kubectl(String...)}. */
    public String kubectl(Path kubeconfig, String... args) {
        KubectlResult result = tryKubectl(kubeconfig, null, args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed (" + result.exitCode()
                    + "): " + result.error());
        }
        return result.output();
    }

    /** What a kubectl run printed and how it ended. */
    public record KubectlResult(int exitCode, String output, String error) {
    }

    /** Runs kubectl with this kubeconfig and input (may be null), whatever its exit code. */
    public KubectlResult tryKubectl(Path kubeconfig, String input, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("kubectl").toString(),
                "--kubeconfig=" + kubeconfig));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(work, "kubectl", ".out");
            Path err = Files.createTempFile(work, "kubectl", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not end");
            }
            KubectlResult result = new KubectlResult(process.exitValue(), Files.readString(out),
                    Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills the API server (SIGKILL, as a crashed or evicted one): connections break, requests are refused. etcd,
     * the controllers and the node keep running. {@link #startApiServer()} brings it back on the same port.
     */
    public synchronized void killApiServer() {
        apiServer.kill();
        components.remove(apiServer);
    }

    /** Starts the API server (again) on its port with the same data, and waits until it is ready. */
    public synchronized void startApiServer() {
        Path certs = work.resolve("certs");
        apiServer = start("kube-apiserver",
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--cert-dir=" + certs,
                "--token-auth-file=" + tokenFile(),
                "--authorization-mode=Node,RBAC",
                "--anonymous-auth=false",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + serviceAccountKey(),
                "--service-account-signing-key-file=" + serviceAccountKey(),
                "--api-audiences=https://kubernetes.default.svc.cluster.local",
                "--service-cluster-ip-range=10.96.0.0/16",
                "--enable-priority-and-fairness=false",
                // image volumes (KServe's oci+native / ociModelMode native) are beta and off by default in 1.34
                "--feature-gates=ImageVolume=true",
                "--profiling=false",
                "--v=1");
        awaitReady(apiServer, "/readyz");
    }

    private void startEtcd() throws IOException {
        int peerPort = freePort();
        String client = "http://127.0.0.1:" + etcdPort;
        String peer = "http://127.0.0.1:" + peerPort;
        Component etcd = start("etcd",
                "--name=test",
                "--data-dir=" + work.resolve("etcd"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=test=" + peer,
                "--unsafe-no-fsync=true",
                "--quota-backend-bytes=" + 8L * 1024 * 1024 * 1024, // 100,000 pods and InferenceServices: over 2 GB
                "--log-level=warn");
        long deadline = System.nanoTime() + STARTUP.toNanos();
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            etcd.checkAlive();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(client + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("etcd not healthy within " + STARTUP + "; see " + etcd.log);
            }
            sleep(100);
        }
    }

    /**
     * Compacts etcd's history up to its current revision, as the API server does every five minutes: watches and
     * lists from a resourceVersion before it are answered 410 Gone.
     */
    public void compactEtcd() {
        HttpClient http = HttpClient.newHttpClient();
        String etcd = "http://127.0.0.1:" + etcdPort;
        try {
            String range = http.send(HttpRequest.newBuilder(URI.create(etcd + "/v3/kv/range"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"AA==\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher revision = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(range);
            if (!revision.find()) {
                throw new IllegalStateException("No revision in etcd's answer " + range);
            }
            HttpResponse<String> compacted = http.send(HttpRequest.newBuilder(URI.create(etcd + "/v3/kv/compaction"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"revision\":\"" + revision.group(1)
                            + "\",\"physical\":true}")).build(), HttpResponse.BodyHandlers.ofString());
            if (compacted.statusCode() != 200) {
                throw new IllegalStateException("etcd compaction failed: " + compacted.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startControllers() throws IOException {
        Path kubeconfig = adminKubeconfig().toAbsolutePath();
        start("kube-controller-manager",
                "--kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--secure-port=0",
                "--service-account-private-key-file=" + serviceAccountKey(),
                "--root-ca-file=" + caCertificate(),
                "--use-service-account-credentials=false",
                "--concurrent-deployment-syncs=5",
                "--v=1");
        start("kube-scheduler",
                "--kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--secure-port=0",
                "--v=1");
        Path stages = work.resolve("kwok-stages.yaml");
        try (InputStream in = resource("control-plane/kwok-stages.yaml")) {
            Files.copy(in, stages);
        }
        start("kwok",
                "--kubeconfig=" + kubeconfig,
                "--config=" + stages,
                "--manage-all-nodes=false",
                "--manage-nodes-with-label-selector=type=kwok",
                "--node-lease-duration-seconds=40",
                "--server-address=127.0.0.1:" + freePort());
    }

    private void createNode() {
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                .addToLabels("type", "kwok").addToLabels("kubernetes.io/hostname", NODE)
                .addToLabels("kubernetes.io/os", "linux").addToLabels("kubernetes.io/arch", "amd64")
                .addToAnnotations("kwok.x-k8s.io/node", "fake").addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .endMetadata()
                .withNewStatus()
                .addToAllocatable("cpu", new Quantity("256")).addToAllocatable("memory", new Quantity("1Ti"))
                .addToAllocatable("pods", new Quantity("100000"))
                .addToCapacity("cpu", new Quantity("256")).addToCapacity("memory", new Quantity("1Ti"))
                .addToCapacity("pods", new Quantity("100000"))
                .endStatus().build()).create();
        awaitCondition("node " + NODE + " Ready", () -> {
            var node = admin.nodes().withName(NODE).get();
            return node.getStatus().getConditions() != null && node.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }

    /** Installs the InferenceService CRD and waits until it is served. */
    private void installInferenceServiceCrd() throws IOException {
        try (InputStream in = resource("control-plane/inferenceservice-crd.yaml")) {
            CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().load(in).item();
            admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(cond -> "Established".equals(
                                    cond.getType()) && "True".equals(cond.getStatus())),
                            STARTUP.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The ServiceAccount controller works once the default namespace has its ServiceAccount. */
    private void awaitDefaultServiceAccount() {
        awaitCondition("ServiceAccount default/default",
                () -> admin.serviceAccounts().inNamespace("default").withName("default").get() != null);
    }

    private void awaitCondition(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!condition.getAsBoolean()) {
            components.forEach(Component::checkAlive);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not within " + STARTUP + "; logs in " + work);
            }
            sleep(200);
        }
    }

    private void awaitReady(Component component, String path) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        HttpClient http = null;
        while (true) {
            component.checkAlive();
            try {
                if (http == null && Files.exists(caCertificate())) {
                    http = HttpClient.newBuilder().sslContext(trusting(caCertificate()))
                            .connectTimeout(Duration.ofSeconds(2)).build();
                }
                if (http != null && http.send(HttpRequest.newBuilder(URI.create(url() + path))
                        .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(component.name + " not ready within " + STARTUP + "; see "
                        + component.log);
            }
            sleep(200);
        }
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path tokenFile() {
        Path file = work.resolve("tokens.csv");
        if (!Files.exists(file)) {
            write(file, adminToken + ",admin,admin,system:masters\n");
        }
        return file;
    }

    /** An RSA key (PKCS#8 PEM) that signs and verifies ServiceAccount tokens; made once per control plane. */
    private Path serviceAccountKey() {
        Path file = work.resolve("service-account.key");
        if (!Files.exists(file)) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
                write(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return file;
    }

    private void writeKubeconfig(Path file, String user, String token) {
        String ca;
        try {
            ca = Base64.getEncoder().encodeToString(Files.readAllBytes(caCertificate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: control-plane
                    cluster:
                      server: %s
                      certificate-authority-data: %s
                users:
                  - name: "%s"
                    user:
                      token: %s
                contexts:
                  - name: control-plane
                    context:
                      cluster: control-plane
                      user: "%s"
                      namespace: default
                current-context: control-plane
                """.formatted(url(), ca, user, token, user));
    }

    private Component start(String name, String... args) {
        Component component = new Component(name, bin.resolve(name), List.of(args), work.resolve(name + ".log"));
        components.add(component);
        return component;
    }

    /**
     * Stops every component, the API server first and etcd last, and deletes the work directory (kept after a failed
     * start, or with {@code -Dcontrolplane.keep=true}).
     */
    @Override
    public synchronized void close() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs anyway
            }
            shutdownHook = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
        for (int i = components.size() - 1; i >= 0; i--) {
            components.get(i).stop();
        }
        components.clear();
        if (work != null && !keepWork && !Boolean.getBoolean("controlplane.keep")) {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: a temp directory
            }
        }
    }

    /**
     * One process of the control plane, started through {@code sh} so that it ends when this JVM does: the shell
     * waits for the end of its standard input (a pipe from this JVM), then stops the component.
     */
    private static final class Component {

        private static final String GUARD = "\"$@\" </dev/null & child=$!; cat >/dev/null; "
                + "kill -TERM $child 2>/dev/null; wait $child";

        final String name;
        final Path log;
        private final Process shell;

        Component(String name, Path binary, List<String> args, Path log) {
            this.name = name;
            this.log = log;
            List<String> command = new ArrayList<>(List.of("sh", "-c", GUARD, name, binary.toString()));
            command.addAll(args);
            try {
                shell = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + binary, e);
            }
        }

        void checkAlive() {
            if (!shell.isAlive()) {
                throw new IllegalStateException(name + " exited (" + shell.exitValue() + "): " + tail());
            }
        }

        /** SIGKILL, no clean-up: as a crash. */
        void kill() {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }

        /** SIGTERM through the guard, SIGKILL after ten seconds. */
        void stop() {
            try {
                shell.getOutputStream().close();
            } catch (IOException e) {
                // the guard is gone already
            }
            if (!waitFor(Duration.ofSeconds(10))) {
                kill();
            }
        }

        private boolean waitFor(Duration patience) {
            try {
                boolean ended = shell.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
                shell.descendants().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
                return ended;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            } catch (IOException e) {
                return "(no log at " + log + ")";
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static InputStream resource(String name) {
        InputStream in = ControlPlane.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("No resource " + name);
        }
        return in;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
