package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.Prerequisite;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The restart advice, observed with the real controller: Modelcars are switched on in {@code storageInitializer}
 * while the controller runs (no restart), then a new pod is made (dry run) for a {@code storageUri} InferenceService
 * (the pod webhook reads the ConfigMap on every admission) and for a {@code storageUris} one (the controller builds
 * its modelcar containers into the Deployment when it reconciles), before and after that InferenceService is
 * reconciled again (an annotation changed: no restart). The console's advice after a storageInitializer change must
 * say what was seen: "no restart needed" exactly when new {@code storageUri} pods get the change at once, and the
 * "lands at their next reconcile" note for {@code storageUris} exactly when such pods get it only after a reconcile.
 * Then {@code ingress} gets another {@code ingressDomain}, still without a restart, and the {@code storageUri}
 * InferenceService is reconciled: the advice after an {@code ingress} change must say that the running controller
 * re-reads it on every reconcile exactly when the Ingress KServe makes gets the new domain. Last {@code deploy} goes
 * from the shipped raw mode (which KServe's defaulting webhook writes onto an InferenceService created without a mode
 * as {@code Standard}) to {@code Knative} (which it does not write): the advice after a {@code deploy} change must
 * say that it is re-read without a restart exactly when the next InferenceService is no longer marked. Also: a
 * {@code kubectl rollout restart} of a predictor (KServe undoes it), a new {@code agent} image (the next pod of an
 * InferenceService with a logger gets it: no restart needed), and a GPU type added to {@code multiNode} (KServe's
 * validator knows it only after the manager restarts: read only at start-up).
 */
class KServeRestartAdviceOracleTest {

    @RegisterExtension
    static final Prerequisite KSERVE = KServeCluster.PREREQUISITE;

    private static final String QUANTITIES = "\"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", "
            + "\"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"";
    private static final String OFF = "{\"image\": \"kserve/storage-initializer:latest\", " + QUANTITIES
            + ", \"enableModelcar\": false}";
    private static final String ON = "{\"image\": \"kserve/storage-initializer:latest\", " + QUANTITIES
            + ", \"enableModelcar\": true}";
    private static final String URI = "oci://quay.io/modelcar/sklearn:1.0";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DOMAIN = "advice.oracle.test";
    private static final String GPU = "example.com/gpu";
    private static final String AGENT_IMAGE = "kserve/agent:oracle";
    private static final String MULTI_NODE = "{\"customGPUResourceTypeList\": [\"" + GPU + "\"]}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.modelcar.console.testsupport.KServeCluster#releases")
    void theAdviceSaysWhatNewPodsGetWithoutARestart(KServeRelease release) throws Exception {
        String namespace = "advice";
        boolean storageUriGetsIt;
        boolean storageUrisBeforeReconcile;
        boolean storageUrisAfterReconcile;
        boolean ingressAtReconcile;
        boolean deployAtAdmission;
        boolean rolloutUndone;
        String modeBefore;
        String gpuBefore;
        String gpuWithoutRestart;
        String gpuAfterRestart;
        boolean agentAtAdmission;
        KServeCluster kserve = KServeCluster.shared(release, Map.of("storageInitializer", OFF));
        try {
            KubernetesClient admin = kserve.admin();
            kserve.plane().createNamespace(namespace);
            create(admin, namespace, "single", Map.of("containers", List.of(Map.of("name", "kserve-container",
                    "image", "quay.io/modelcar/server:1.0", "env", List.of(Map.of("name", "STORAGE_URI",
                            "value", URI)))), "logger", Map.of("mode", "all", "url", "http://logger.example")));
            create(admin, namespace, "several", Map.of("storageUris", List.of(Map.of("uri", URI, "mountPath",
                    "/mnt/models")), "containers", List.of(Map.of("name", "kserve-container",
                            "image", "quay.io/modelcar/server:1.0"))));
            settled(admin, namespace, "single");
            settled(admin, namespace, "several");
            assertThat(modelcar(admin, namespace, "single")).as("Modelcars off: no modelcar").isFalse();
            assertThat(modelcar(admin, namespace, "several")).as("Modelcars off: no modelcar").isFalse();

            // kubectl rollout restart of the predictor Deployment: does KServe keep it?
            admin.apps().deployments().inNamespace(namespace).withName("single-predictor").rolling().restart();
            rolloutUndone = poll(() -> restartedAt(admin, namespace, "single-predictor") == null);

            kserve.configure(Map.of("storageInitializer", ON));
            storageUriGetsIt = poll(() -> modelcar(admin, namespace, "single"));
            storageUrisBeforeReconcile = modelcar(admin, namespace, "several");
            touch(admin, namespace, "several", "1");
            storageUrisAfterReconcile = poll(() -> modelcar(admin, namespace, "several"));

            // ingress, changed while the controller runs: does the next reconcile use it?
            kserve.configure(Map.of("storageInitializer", ON, "ingress", withIngressDomain(kserve, DOMAIN)));
            touch(admin, namespace, "single", "2");
            ingressAtReconcile = poll(() -> ingressHosts(admin, namespace).stream()
                    .anyMatch(h -> h.endsWith(DOMAIN)));

            // deploy, changed while the controller runs: does KServe's InferenceService defaulter use it? It marks an
            // InferenceService without a mode Standard while that is the default (RawDeployment is read as Standard),
            // and leaves it unmarked with Knative
            modeBefore = defaultedMode(admin, namespace);
            kserve.configure(Map.of("storageInitializer", ON, "deploy", "{\"defaultDeploymentMode\": \"Knative\"}"));
            deployAtAdmission = "Standard".equals(modeBefore) && poll(() -> defaultedMode(admin, namespace) == null);

            // multiNode, changed while the controller runs: KServe's validating webhook refuses a multi-node
            // InferenceService asking for a GPU resource type it does not know; multiNode's customGPUResourceTypeList
            // adds one. Known without a restart? After one?
            // agent (a key the console says is read without a restart): the pod webhook gives the logged
            // InferenceService's new pods an agent container of the configured image
            boolean shippedAgent = !AGENT_IMAGE.equals(agentImage(admin, namespace));
            kserve.configure(Map.of("storageInitializer", ON, "agent", withKey(kserve, "agent", "image", AGENT_IMAGE)));
            agentAtAdmission = shippedAgent && poll(() -> AGENT_IMAGE.equals(agentImage(admin, namespace)));

            gpuBefore = gpuRefusal(admin, namespace);
            kserve.configure(Map.of("storageInitializer", ON, "multiNode", MULTI_NODE));
            KServeCluster.poll(Duration.ofSeconds(5), () -> gpuRefusal(admin, namespace) == null);
            gpuWithoutRestart = gpuRefusal(admin, namespace);
            kserve.restartManager();
            poll(() -> gpuRefusal(admin, namespace) == null);
            gpuAfterRestart = gpuRefusal(admin, namespace);
        } finally {
            kserve.clear();
        }
        KServeVersion version = KServeVersion.parse(release.version()).orElseThrow();
        RestartAdvice advice = RestartAdvice.afterStorageInitializerChange(version);
        boolean saysAtNextReconcile = advice.existingPods().contains("storageUris");
        System.out.println("Restart advice, " + release + ": without a restart a new storageUri pod gets the change: "
                + storageUriGetsIt + "; a new storageUris pod: " + storageUrisBeforeReconcile + " before and "
                + storageUrisAfterReconcile + " after the InferenceService is reconciled; the console advises: "
                + advice.summary());
        assertThat(storageUriGetsIt).as("the pod webhook reads storageInitializer on every admission").isTrue();
        assertThat(advice.restartNeeded()).as(advice.message()).isEqualTo(!storageUriGetsIt);
        // KServe also reconciles on events of the objects it owns, so a reconcile may come before the touch (seen
        // once in a CI rehearsal on v0.20.0): "before" true then says a reconcile came early, not that none is needed.
        // What must agree is whether a storageUris pod gets the change without a restart at all.
        RestartAdvice ingress = RestartAdvice.afterChangeOf("ingress", version);
        System.out.println("Restart advice, " + release + ": a new ingressDomain without a restart is used at the next "
                + "reconcile: " + ingressAtReconcile + "; the console advises: " + ingress.summary());
        assertThat(ingress.message().contains("re-reads ingress on every reconcile")).as(ingress.message())
                .isEqualTo(ingressAtReconcile);
        System.out.println("Restart advice, " + release + ": a rollout restart of a raw-deployment predictor is "
                + "undone by KServe: " + rolloutUndone + "; the console advises: " + RestartAdvice.EXISTING_PODS);
        assertThat(RestartAdvice.EXISTING_PODS.contains("rollout restart of a raw-deployment predictor is undone"))
                .isEqualTo(rolloutUndone);
        boolean multiNodeOnlyAtStartUp = gpuBefore != null && gpuWithoutRestart != null && gpuAfterRestart == null;
        RestartAdvice multiNode = RestartAdvice.afterChangeOf("multiNode", version);
        System.out.println("Restart advice, " + release + ": a GPU type added to multiNode is known only after a "
                + "restart: " + multiNodeOnlyAtStartUp + " (refused before: " + gpuBefore + "; without a restart: "
                + gpuWithoutRestart + "; after: " + gpuAfterRestart + "); the console advises: " + multiNode.summary());
        assertThat(multiNode.message().contains("reads multiNode only at start-up")).as(multiNode.message())
                .isEqualTo(multiNodeOnlyAtStartUp);
        RestartAdvice agent = RestartAdvice.afterChangeOf("agent", version);
        System.out.println("Restart advice, " + release + ": a new agent image without a restart is given to the next "
                + "pod: " + agentAtAdmission + "; the console advises: " + agent.summary());
        assertThat(agent.restartNeeded()).as(agent.message()).isEqualTo(!agentAtAdmission);
        RestartAdvice deploy = RestartAdvice.afterChangeOf("deploy", version);
        System.out.println("Restart advice, " + release + ": a new defaultDeploymentMode without a restart is used for "
                + "the next InferenceService: " + deployAtAdmission + " (marked " + modeBefore + " before); the "
                + "console advises: " + deploy.summary());
        assertThat(deploy.message().contains("re-reads deploy on every reconcile")).as(deploy.message())
                .isEqualTo(deployAtAdmission);
        assertThat(saysAtNextReconcile).as("the advice's storageUris note: " + advice.existingPods())
                .isEqualTo(storageUrisBeforeReconcile || storageUrisAfterReconcile);
    }

    /** Changes an annotation: KServe reconciles the InferenceService, nothing restarts. */
    private static void touch(KubernetesClient admin, String namespace, String name, String value) {
        admin.genericKubernetesResources(KServeCluster.ISVC).inNamespace(namespace).withName(name).patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"modelcar.io/touched\":\"" + value + "\"}}}");
    }

    /**
     * Why KServe refuses a multi-node InferenceService (raw mode, OCI model, a worker spec) that asks for
     * {@value #GPU} (dry run, nothing stored); null when it admits it.
     */
    private static String gpuRefusal(KubernetesClient admin, String namespace) {
        GenericKubernetesResource isvc = KServeCluster.inferenceService(namespace, "multi-node", Map.of("predictor",
                Map.of("model", Map.of("modelFormat", Map.of("name", "huggingface"), "storageUri", URI,
                        "resources", Map.of("limits", Map.of(GPU, "1"), "requests", Map.of(GPU, "1"))),
                        "workerSpec", Map.of("tensorParallelSize", 1, "pipelineParallelSize", 2))));
        try {
            admin.genericKubernetesResources(KServeCluster.ISVC).inNamespace(namespace).resource(isvc).dryRun()
                    .create();
            return null;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
        }
    }

    /** The Deployment's {@code kubectl rollout restart} annotation, null when there is none. */
    private static String restartedAt(KubernetesClient admin, String namespace, String name) {
        Deployment d = admin.apps().deployments().inNamespace(namespace).withName(name).get();
        Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get("kubectl.kubernetes.io/restartedAt");
    }

    /**
     * The deployment mode KServe's defaulting webhook gives an InferenceService created without one (dry run,
     * nothing stored); null when it gives none, "refused: ..." when admission refuses it.
     */
    private static String defaultedMode(KubernetesClient admin, String namespace) {
        GenericKubernetesResource isvc = KServeCluster.inferenceService(namespace, "unmarked", Map.of("predictor",
                Map.of("model", Map.of("modelFormat", Map.of("name", "sklearn"), "storageUri", URI))));
        isvc.getMetadata().setAnnotations(null);
        GenericKubernetesResource defaulted;
        try {
            defaulted = admin.genericKubernetesResources(KServeCluster.ISVC).inNamespace(namespace).resource(isvc)
                    .dryRun().create();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return "refused: " + e.getMessage();
        }
        Map<String, String> annotations = defaulted.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get("serving.kserve.io/deploymentMode");
    }

    /** The release's shipped {@code ingress} value with another {@code ingressDomain}. */
    private static String withIngressDomain(KServeCluster kserve, String domain) {
        return withKey(kserve, "ingress", "ingressDomain", domain);
    }

    /** The release's shipped value of {@code key} with {@code field} set to {@code value}. */
    private static String withKey(KServeCluster kserve, String key, String field, String value) {
        String shipped = kserve.install().shippedConfigMap(KServeCluster.NAMESPACE, Map.of()).getData().get(key);
        ObjectNode node = (ObjectNode) JSON.readTree(shipped);
        node.put(field, value);
        return JSON.writeValueAsString(node);
    }

    /** The image of the agent container KServe's pod webhook gives a new pod of the logged predictor, or null. */
    private static String agentImage(KubernetesClient admin, String namespace) {
        return KServeCluster.dryRunPod(admin, namespace, "single-predictor").getSpec().getContainers().stream()
                .filter(c -> "agent".equals(c.getName())).map(c -> c.getImage()).findFirst().orElse(null);
    }

    /** The hosts of the Ingress objects KServe made in raw deployment mode. */
    private static List<String> ingressHosts(KubernetesClient admin, String namespace) {
        return admin.network().v1().ingresses().inNamespace(namespace).list().getItems().stream()
                .flatMap(i -> i.getSpec().getRules().stream()).map(r -> r.getHost())
                .filter(java.util.Objects::nonNull).toList();
    }

    private static void create(KubernetesClient admin, String namespace, String name, Map<String, Object> predictor) {
        GenericKubernetesResource isvc = KServeCluster.inferenceService(namespace, name,
                Map.of("predictor", predictor));
        admin.genericKubernetesResources(KServeCluster.ISVC).inNamespace(namespace).resource(isvc).create();
    }

    /** Waits until the predictor Deployment exists and its rollout is complete (nothing left to reconcile on). */
    private static void settled(KubernetesClient admin, String namespace, String name) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Deployment d = admin.apps().deployments().inNamespace(namespace).withName(name + "-predictor").get();
            if (d != null && d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                    && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                    && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Deployment " + namespace + "/" + name + "-predictor not rolled out "
                        + "within " + WAIT + ": " + (d == null ? "absent" : d.getStatus()));
            }
            sleep(200);
        }
    }

    /** Whether a new pod of the InferenceService's predictor Deployment (created dryRun=All) gets a modelcar. */
    private static boolean modelcar(KubernetesClient admin, String namespace, String name) {
        Pod mutated = KServeCluster.dryRunPod(admin, namespace, name + "-predictor");
        return mutated.getSpec().getContainers().stream().anyMatch(c -> c.getName().startsWith("modelcar"));
    }

    /** True as soon as the condition holds, false when it still does not after 15 s. */
    private static boolean poll(java.util.function.BooleanSupplier condition) {
        return KServeCluster.poll(Duration.ofSeconds(15), condition);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
