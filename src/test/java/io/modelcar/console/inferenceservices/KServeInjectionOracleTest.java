package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.TestAbortedException;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.modelcar.console.inferenceservices.InjectionMatrix.Case;
import io.modelcar.console.inferenceservices.InjectionMatrix.Config;
import io.modelcar.console.inferenceservices.InjectionMatrix.Place;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.Prerequisite;

/**
 * KServe itself as the judge of the console's injection rules. For every case of {@link InjectionMatrix} it
 * creates the InferenceService in a real API server with the real KServe controller and webhooks (raw deployment
 * mode), lets the controller reconcile it into a Deployment, creates a pod of that Deployment with
 * {@code dryRun=All} (the pod webhook mutates it and the API server defaults it, nothing is stored), and compares
 * what KServe did with what the console says about the same InferenceService: the verdict's OCI mode, whether a
 * modelcar is expected, and the pull policy. Prints an agreement table; fails on a disagreement that is not a
 * documented KServe bug ({@link #KSERVE_BUGS}). Results: docs/kserve-oracle.md.
 */
class KServeInjectionOracleTest {

    @RegisterExtension
    static final Prerequisite KSERVE = KServeCluster.PREREQUISITE;

    static final ResourceDefinitionContext ISVC = KServeCluster.ISVC;

    /**
     * Disagreements that are KServe's, not the console's: the case's key ({@code version|config|place|uri}, a
     * {@code *} matches any value) and the KServe source line that explains the behaviour. Such a case must
     * disagree (counted, shown as "KServe bug"); one that agrees fails the suite as a stale entry. Empty: the runs so
     * far found none (docs/kserve-oracle.md).
     */
    static final Map<String, String> KSERVE_BUGS = Map.of();

    /** How long a case's Deployment may take: KServe reconciles one InferenceService at a time. */
    private static final Duration RECONCILE = Duration.ofSeconds(180);

    /**
     * Each release on a control plane of its own, side by side: most of a release's time is KServe's one reconcile
     * worker going through the cases, so two releases at once take little more than the slower one.
     */
    @Test
    void theConsoleSaysWhatKServeDoes() throws Exception {
        List<KServeRelease> releases = KServeCluster.releases().toList();
        assertThat(releases).as("-Dkserve.releases names a built release").isNotEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(releases.size());
        try {
            List<Future<Void>> runs = new ArrayList<>();
            for (KServeRelease release : releases) {
                runs.add(pool.submit(() -> {
                    judge(release);
                    return null;
                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<Void> run : runs) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TestAbortedException skipped) {
                        throw skipped;
                    }
                    failures.add(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError(failures.size() + " of " + releases.size()
                        + " releases disagree with the console: " + failures.get(0).getMessage());
                failures.forEach(error::addSuppressed);
                throw error;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs every case on {@code release} and fails on a disagreement that is not a documented KServe bug. */
    static void judge(KServeRelease release) throws Exception {
        long started = System.nanoTime();
        KServeVersion version = KServeVersion.parse(release.version()).orElseThrow();
        List<Case> cases = InjectionMatrix.cases();
        List<String> rows = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        List<String> dryRunDiffers = new ArrayList<>();
        int realPods = 0;
        int agreed = 0;
        int knownBugs = 0;
        KServeCluster kserve = KServeCluster.shared(release,
                Map.of("storageInitializer", InjectionMatrix.CONFIGS.get(0).json()));
        try {
            ControlPlane plane = kserve.plane();
            KubernetesClient admin = kserve.admin();
            for (int c = 0; c < InjectionMatrix.CONFIGS.size(); c++) {
                Config config = InjectionMatrix.CONFIGS.get(c);
                kserve.configure(Map.of("storageInitializer", config.json()));
                String namespace = "oracle-" + release.minor() + "-" + c;
                plane.createNamespace(namespace);
                List<Case> ofConfig = cases.stream().filter(x -> x.config() == config).toList();
                Map<Case, KServeObservation> observed = observe(admin, namespace, ofConfig);
                realPods += sameAsRealPods(admin, namespace, ofConfig, observed, dryRunDiffers);
                OciConfig console = OciConfig.parse(config.json(), version);
                for (int i = 0; i < ofConfig.size(); i++) {
                    Case x = ofConfig.get(i);
                    KServeObservation kserveSaw = observed.get(x);
                    GenericKubernetesResource isvc = admin.genericKubernetesResources(ISVC).inNamespace(namespace)
                            .withName(name(i)).get();
                    Judgement judgement = judge(isvc != null ? isvc : isvc(namespace, name(i), x), kserveSaw,
                            console, x.place(), x.config().uidModelcar());
                    String bug = knownBug(release, x);
                    String verdict = judgement.agrees() ? bug != null ? "AGREES, LISTED AS KSERVE BUG" : "agree"
                            : bug != null ? "KServe bug" : "DISAGREE";
                    if (judgement.agrees() && bug != null) {
                        // a listed bug is expected as KServe's behaviour: when it is not seen, the entry is stale
                        disagreements.add(release + " | " + x.describe() + " | listed as a KServe bug (" + bug
                                + ") but KServe did what the console says");
                    } else if (judgement.agrees()) {
                        agreed++;
                    } else if (bug != null) {
                        knownBugs++;
                    } else {
                        disagreements.add(release + " | " + x.describe() + " | KServe: " + kserveSaw.outcome()
                                + " " + kserveSaw.detail() + " | console: " + judgement.console());
                    }
                    rows.add(String.format("%-8s | %-18s | %-12s | %-50s | %-34s | %-44s | %s", release.version(),
                            config.name(), x.place(), x.uri(), kserveSaw.outcome() + pull(kserveSaw)
                                    + uid(kserveSaw), judgement.console(), verdict));
                }
                // judged: its InferenceServices go (KServe finalizes them while the next configuration runs), so
                // that the manager does not keep reconciling them, retrying the refused ones with backoff and
                // following their Deployments' pods, while it has the next configuration's cases to do (v0.17.0
                // took a longer time for each configuration than for the one before until this was done)
                admin.namespaces().withName(namespace).delete();
            }
        } finally {
            kserve.clear();
        }
        report(release, cases.size(), agreed, knownBugs, disagreements.size(), realPods, dryRunDiffers.size(),
                (System.nanoTime() - started) / 1_000_000_000, rows);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(realPods).as("real pods compared with the dry-run ones").isPositive();
        assertThat(dryRunDiffers).as("dry-run pods unlike the real ones").isEmpty();
        assertThat(disagreements).as("cases where the console and " + release + " disagree").isEmpty();
    }

    /** The release's agreement table, in one piece though the releases run side by side. */
    private static void report(KServeRelease release, int cases, int agreed, int knownBugs, int disagreements,
            int realPods, int dryRunDiffers, long seconds, List<String> rows) {
        synchronized (System.out) {
            System.out.println("Injection oracle, " + release + ": " + cases + " cases, " + agreed + " agreed, "
                    + knownBugs + " documented KServe bugs, " + disagreements + " disagreements; dry-run pods "
                    + "compared with " + realPods + " pods the ReplicaSet controller created, " + dryRunDiffers
                    + " differ; " + seconds + " s");
            System.out.println(String.format("%-8s | %-18s | %-12s | %-50s | %-34s | %-44s | %s", "kserve", "config",
                    "place", "uri", "KServe did", "console says", "result"));
            rows.forEach(System.out::println);
        }
    }

    /** Creates every case's InferenceService, waits for its Deployments and dry-runs a pod of each. */
    private static Map<Case, KServeObservation> observe(KubernetesClient admin, String namespace, List<Case> cases)
            throws Exception {
        Map<Case, KServeObservation> observed = new ConcurrentHashMap<>();
        Map<Case, String> created = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            Case x = cases.get(i);
            try {
                admin.genericKubernetesResources(ISVC).inNamespace(namespace)
                        .resource(isvc(namespace, name(i), x)).create();
                created.put(x, name(i));
            } catch (KubernetesClientException e) {
                observed.put(x, KServeObservation.rejected(message(e)));
            }
        }
        long deadline = System.nanoTime() + RECONCILE.toNanos();
        Map<Case, String> waiting = new LinkedHashMap<>(created);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            Set<String> deployments = Set.copyOf(admin.apps().deployments().inNamespace(namespace).list().getItems()
                    .stream().map(d -> d.getMetadata().getName()).toList());
            Map<String, String> failures = new LinkedHashMap<>();
            admin.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> "InternalError".equals(e.getReason()))
                    .forEach(e -> failures.put(e.getInvolvedObject().getName(), e.getMessage()));
            waiting.entrySet().removeIf(entry -> {
                String deployment = entry.getValue() + "-" + entry.getKey().place().component();
                if (deployments.contains(deployment)) {
                    observed.put(entry.getKey(), dryRunPod(admin, namespace, deployment));
                    return true;
                }
                String failure = failures.get(entry.getValue());
                if (failure != null) {
                    observed.put(entry.getKey(), KServeObservation.notReconciled(failure));
                    return true;
                }
                return false;
            });
            if (!waiting.isEmpty()) {
                Thread.sleep(500);
            }
        }
        waiting.forEach((x, n) -> observed.put(x, KServeObservation.notReconciled("no Deployment after " + RECONCILE)));
        return observed;
    }

    /**
     * The dry-run trick checked: the pods the control plane's ReplicaSet controller created for the same
     * Deployments (admitted by the same webhook) must look the same to {@link KServeObservation}.
     *
     * @return how many real pods were compared
     */
    private static int sameAsRealPods(KubernetesClient admin, String namespace, List<Case> cases,
            Map<Case, KServeObservation> observed, List<String> differ) throws InterruptedException {
        List<Pod> pods = admin.pods().inNamespace(namespace).list().getItems();
        int compared = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case x = cases.get(i);
            KServeObservation dry = observed.get(x);
            if (dry.pod() == null) {
                continue;
            }
            String deployment = name(i) + "-" + x.place().component() + "-";
            for (Pod pod : pods) {
                if (!pod.getMetadata().getName().startsWith(deployment)) {
                    continue;
                }
                compared++;
                KServeObservation real = KServeObservation.of(pod);
                if (!real.outcome().equals(dry.outcome()) || !real.detail().equals(dry.detail())
                        || !java.util.Objects.equals(real.modelcarPullPolicy(), dry.modelcarPullPolicy())
                        || !java.util.Objects.equals(real.modelcarUid(), dry.modelcarUid())) {
                    differ.add(x.describe() + ": dry run " + dry.outcome() + " " + dry.detail() + ", real pod "
                            + real.outcome() + " " + real.detail());
                }
            }
        }
        return compared;
    }

    private static KServeObservation dryRunPod(KubernetesClient admin, String namespace, String deployment) {
        try {
            return KServeObservation.of(KServeCluster.dryRunPod(admin, namespace, deployment));
        } catch (KubernetesClientException e) {
            return KServeObservation.podRefused(message(e));
        }
    }

    /**
     * What the console makes of the InferenceService (and the pod KServe made), against what KServe did. The
     * console's verdict predicts what a new pod gets: {@code unsupported-scheme} a refusal (admission or reconcile),
     * or in {@code storageUris} the URI handed to the storage-initializer, which cannot read it;
     * an expected modelcar a {@code modelcar} container with the URI's pull policy, {@code runAsUser} from
     * {@code uidModelcar} on it and on {@code kserve-container}, and the console reading that pod as injected,
     * except where it warns that the release never injects ({@code storageUris} on v0.16 to v0.18: nothing at
     * all); {@code oci-native} an image volume pulled IfNotPresent; {@code modelcar-disabled} the OCI URI handed
     * to the storage-initializer (which cannot read it) or nothing; no OCI no modelcar and no image volume.
     */
    static Judgement judge(GenericKubernetesResource isvc, KServeObservation kserve, OciConfig config, Place place,
            Long uidModelcar) {
        List<PodFacts> pods = kserve.pod() == null ? List.of()
                : List.of(PodMapper.facts(InformerTypes.pod(withName(kserve.pod())), isvc.getMetadata().getName()));
        InferenceServiceSummary summary = Verdicts.summarize(IsvcMapper.facts(InformerTypes.service(isvc)), pods, config);
        StorageUri uri = summary.storage().stream()
                .filter(s -> place.component().equals(StorageUris.component(s.path()))).findFirst().orElse(null);
        String mode = Verdicts.UNSUPPORTED_SCHEME.equals(summary.verdict()) ? "unsupported"
                : summary.modelcar().mode() == null ? "no-oci" : summary.modelcar().mode();
        boolean neverInjected = summary.warnings().stream().anyMatch(w -> Warning.MODELCAR_NOT_INJECTED.equals(
                w.code()) && w.message().contains("never injects"));
        if ("modelcar".equals(mode) && neverInjected) {
            mode = "never-injected";
        }
        String policy = uri == null || uri.oci() == null ? null : uri.oci().pullPolicy();
        String console = mode + (policy == null || !Set.of("modelcar", "native").contains(mode) ? ""
                : " " + policy) + " [" + summary.verdict() + "]";
        boolean agrees = switch (mode) {
            // in storageUris (no prefix check) an oci+<mode>:// that the release does not take for OCI goes to the
            // storage-initializer, which cannot download it: the pod fails at init instead of being refused
            case "unsupported" -> Set.of("rejected", "not-reconciled").contains(kserve.outcome())
                    || place == Place.STORAGE_URIS && "storage-initializer-oci".equals(kserve.outcome());
            case "modelcar" -> "modelcar".equals(kserve.outcome()) && policy != null
                    && policy.equals(kserve.modelcarPullPolicy()) && Boolean.TRUE.equals(summary.modelcar().injected())
                    && Objects.equals(uidModelcar, kserve.modelcarUid())
                    && Objects.equals(uidModelcar, kserve.serverUid());
            case "never-injected" -> "none".equals(kserve.outcome());
            case "native" -> "native".equals(kserve.outcome()) && policy != null
                    && policy.equals(kserve.imageVolumePolicy());
            case "disabled" -> Set.of("storage-initializer-oci", "none").contains(kserve.outcome());
            case "no-oci" -> Set.of("storage-initializer", "none").contains(kserve.outcome());
            default -> false;
        };
        return new Judgement(console, agrees);
    }

    record Judgement(String console, boolean agrees) {
    }

    static String knownBug(KServeRelease release, Case x) {
        String key = release.version() + "|" + x.config().name() + "|" + x.place() + "|" + x.uri();
        for (String pattern : KSERVE_BUGS.keySet()) {
            String[] want = pattern.split("\\|", -1);
            String[] have = key.split("\\|", -1);
            boolean match = want.length == have.length;
            for (int i = 0; match && i < want.length; i++) {
                match = "*".equals(want[i]) || want[i].equals(have[i]);
            }
            if (match) {
                return KSERVE_BUGS.get(pattern);
            }
        }
        return null;
    }

    /** The InferenceService of a case: the URI in its place, everything else without storage. */
    static GenericKubernetesResource isvc(String namespace, String name, Case x) {
        Map<String, Object> predictor = new LinkedHashMap<>();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("predictor", predictor);
        switch (x.place()) {
            case MODEL -> predictor.put("model", Map.of("modelFormat", Map.of("name", "sklearn"),
                    "storageUri", x.uri()));
            case STORAGE_URIS -> {
                predictor.put("storageUris", List.of(Map.of("uri", x.uri(), "mountPath", "/mnt/models")));
                predictor.put("containers", List.of(container(null)));
            }
            case CONTAINER -> predictor.put("containers", List.of(container(x.uri())));
            case TRANSFORMER -> {
                predictor.put("containers", List.of(container(null)));
                spec.put("transformer", Map.of("containers", List.of(container(x.uri()))));
            }
            case EXPLAINER -> {
                predictor.put("containers", List.of(container(null)));
                spec.put("explainer", Map.of("containers", List.of(container(x.uri()))));
            }
        }
        return KServeCluster.inferenceService(namespace, name, spec);
    }

    private static Map<String, Object> container(String storageUri) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "kserve-container");
        container.put("image", "quay.io/modelcar/server:1.0");
        if (storageUri != null) {
            container.put("env", List.of(Map.of("name", "STORAGE_URI", "value", storageUri)));
        }
        return container;
    }

    private static Pod withName(Pod pod) {
        if (pod.getMetadata().getName() == null) {
            pod.getMetadata().setName(pod.getMetadata().getGenerateName() + "dryrun");
        }
        return pod;
    }

    private static String pull(KServeObservation o) {
        String policy = o.modelcarPullPolicy() != null ? o.modelcarPullPolicy() : o.imageVolumePolicy();
        return policy == null ? "" : " " + policy;
    }

    private static String uid(KServeObservation o) {
        return o.modelcarUid() == null ? "" : " uid " + o.modelcarUid();
    }

    static String name(int i) {
        return "isvc-" + i;
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
    }
}
