package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeResources;

/**
 * Seeds a realistic KServe v0.20.0 installation: the {@code kserve} namespace, {@code inferenceservice-config}
 * with every data key KServe ships, the controller Deployment with a Ready pod, and InferenceServices covering
 * every storage-URI shape. Used by the sandbox and by tests.
 */
public final class KServeSeed {

    public static final String NAMESPACE = "kserve";
    public static final String CONFIG_MAP = "inferenceservice-config";
    public static final String CONTROLLER = "kserve-controller-manager";
    public static final String CONTROLLER_IMAGE = "kserve/kserve-controller:v0.20.0";
    public static final Map<String, String> CONTROLLER_LABELS = Map.of(
            "control-plane", "kserve-controller-manager",
            "controller-tools.k8s.io", "1.0",
            "app.kubernetes.io/name", "kserve-controller-manager");

    private final KubernetesClient client;

    public KServeSeed(KubernetesClient client) {
        this.client = client;
    }

    /** The whole installation: configuration, controller and the sample InferenceServices. */
    public void all() {
        kserve(CONTROLLER_IMAGE);
        inferenceServices();
        inferenceServiceStatusesAndPods(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The same installation on a real cluster (testsupport/ControlPlane): configuration, the controller's
     * ServiceAccount and Deployment alone (the cluster's controllers and node make its ReplicaSet and Ready pod),
     * the sample InferenceServices with their statuses. No predictor pods: on a real cluster KServe makes those, and
     * pods written here would be run (and their status rewritten) by the cluster's node.
     */
    public void allOnRealCluster() {
        TreeSet<String> namespaces = new TreeSet<>(sampleInferenceServices().stream()
                .map(s -> s.getMetadata().getNamespace()).toList());
        namespaces.add(NAMESPACE);
        for (String name : namespaces) {
            namespace(name);
            awaitDefaultServiceAccount(name);
        }
        client.serviceAccounts().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model
                .ServiceAccountBuilder().withNewMetadata().withName(CONTROLLER).endMetadata().build()).create();
        client.configMaps().inNamespace(NAMESPACE).resource(configMap()).create();
        client.apps().deployments().inNamespace(NAMESPACE).resource(controllerDeployment(CONTROLLER_IMAGE)).create();
        inferenceServices();
        inferenceServiceStatuses(Instant.now().truncatedTo(ChronoUnit.SECONDS), false);
    }

    /**
     * The sandbox's samples for a cluster where the real KServe runs ({@link KServeCluster#forSandbox}): its
     * {@code inferenceservice-config} is KServe's own, and KServe makes the predictors' Deployments and pods and
     * writes the statuses. Seeded here: the namespaces, the controller's ServiceAccount and Deployment (kwok runs its
     * pod: the controller the console watches and rolls; the real manager runs beside the cluster) and the sample
     * InferenceServices, in raw deployment mode without autoscaler.
     */
    public void allOnKServe() {
        TreeSet<String> namespaces = new TreeSet<>(sampleInferenceServices().stream()
                .map(s -> s.getMetadata().getNamespace()).toList());
        for (String name : namespaces) {
            namespace(name);
            awaitDefaultServiceAccount(name);
        }
        awaitDefaultServiceAccount(NAMESPACE);
        if (client.serviceAccounts().inNamespace(NAMESPACE).withName(CONTROLLER).get() == null) {
            client.serviceAccounts().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model
                    .ServiceAccountBuilder().withNewMetadata().withName(CONTROLLER).endMetadata().build()).create();
        }
        if (client.apps().deployments().inNamespace(NAMESPACE).withName(CONTROLLER).get() == null) {
            client.apps().deployments().inNamespace(NAMESPACE).resource(controllerDeployment(CONTROLLER_IMAGE))
                    .create();
        }
        for (GenericKubernetesResource service : sampleInferenceServices()) {
            Map<String, String> annotations = new java.util.LinkedHashMap<>();
            if (service.getMetadata().getAnnotations() != null) {
                annotations.putAll(service.getMetadata().getAnnotations());
            }
            annotations.put("serving.kserve.io/deploymentMode", "RawDeployment");
            annotations.put("serving.kserve.io/autoscalerClass", "none");
            service.getMetadata().setAnnotations(annotations);
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                    .inNamespace(service.getMetadata().getNamespace()).resource(service).create();
        }
    }

    /**
     * A real API server admits a pod only once its namespace has its {@code default} ServiceAccount, which the
     * controller manager creates shortly after the namespace.
     */
    public void awaitDefaultServiceAccount(String namespace) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (client.serviceAccounts().inNamespace(namespace).withName("default").get() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No ServiceAccount default in " + namespace + " after 60 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Namespace, ConfigMap and controller (with a Ready pod), controller image as given. */
    public void kserve(String controllerImage) {
        namespace(NAMESPACE);
        client.configMaps().inNamespace(NAMESPACE).resource(configMap()).create();
        Deployment controller = client.apps().deployments().inNamespace(NAMESPACE)
                .resource(controllerDeployment(controllerImage)).create();
        controller.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withObservedGeneration(1L).withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1)
                .withAvailableReplicas(1).build());
        client.apps().deployments().inNamespace(NAMESPACE).resource(controller).updateStatus();
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(CONTROLLER + "-7d9f8c6b5-x2k4q").withNamespace(NAMESPACE)
                .withLabels(CONTROLLER_LABELS).addToLabels("pod-template-hash", "7d9f8c6b5").endMetadata()
                .withNewSpec().addNewContainer().withName("manager").withImage(controllerImage).endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("manager").withReady(true).withRestartCount(0)
                .withImage(controllerImage).endContainerStatus()
                .endStatus().build()).create();
    }

    /** The stored {@code inferenceservice-config} as KServe v0.20.0 ships it. */
    public static ConfigMap configMap() {
        return load("sandbox/inferenceservice-config.yaml", ConfigMap.class);
    }

    public static Deployment controllerDeployment(String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(CONTROLLER).withNamespace(NAMESPACE).withLabels(CONTROLLER_LABELS)
                .withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("control-plane", "kserve-controller-manager").endSelector()
                .withNewTemplate().withNewMetadata().withLabels(CONTROLLER_LABELS).endMetadata()
                .withNewSpec().withServiceAccountName("kserve-controller-manager")
                .addNewContainer().withName("manager").withImage(image)
                .withArgs("--metrics-addr=127.0.0.1:8080", "--leader-elect")
                .addNewEnv().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().endEnv()
                .endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    /** The sample InferenceServices (and their namespaces). */
    public void inferenceServices() {
        List<GenericKubernetesResource> services = sampleInferenceServices();
        new TreeSet<>(services.stream().map(s -> s.getMetadata().getNamespace()).toList()).forEach(this::namespace);
        for (GenericKubernetesResource service : services) {
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                    .inNamespace(service.getMetadata().getNamespace()).resource(service).create();
        }
    }

    public static List<GenericKubernetesResource> sampleInferenceServices() {
        return loadAll("sandbox/inferenceservices.yaml").stream().map(GenericKubernetesResource.class::cast).toList();
    }

    /**
     * How each sample InferenceService runs: its pods (modelcar-injected or with a storage-initializer, Ready after
     * a realistic start-up, or stuck) and its status (Ready condition, URL). Together they cover every verdict of
     * the inventory except {@code modelcar-disabled}, which appears when Modelcars are switched off.
     */
    public void inferenceServiceStatusesAndPods(Instant now) {
        inferenceServiceStatuses(now, true);
    }

    private void inferenceServiceStatuses(Instant now, boolean withPods) {
        // name, namespace, pod kind, ready, start-up seconds; created 2 hours ago, one minute apart
        Object[][] runs = {
                {"sklearn-iris", "modelcar-demo", PodKind.MODELCAR, true, 9},
                {"llama-chat", "modelcar-demo", PodKind.MODELCAR, true, 14},
                {"bert-sentiment", "team-nlp", PodKind.NONE, null, 0},
                {"resnet-pinned", "team-vision", PodKind.MODELCAR, true, 7},
                {"granite-local", "team-nlp", PodKind.MODELCAR, true, 11},
                {"iris-s3", "modelcar-demo", PodKind.STORAGE_INITIALIZER, true, 48},
                {"flan-pvc", "team-nlp", PodKind.PLAIN, true, 21},
                {"qwen-hf", "team-nlp", PodKind.STORAGE_INITIALIZER, true, 95},
                {"custom-predictor", "team-vision", PodKind.MODELCAR, true, 12},
                {"multi-source", "team-vision", PodKind.MODELCAR, true, 16},
                {"xgb-legacy", "modelcar-demo", PodKind.STORAGE_INITIALIZER, true, 37},
                {"mistral-missing", "modelcar-demo", PodKind.MODELCAR_PULL_ERROR, false, 0},
                {"cifar-transformer", "team-vision", PodKind.MODELCAR, true, 13},
                {"upper-case", "team-vision", PodKind.NONE, false, 0},
                {"phi-native", "team-nlp", PodKind.PLAIN, true, 19},
                {"gemma-fetch", "team-nlp", PodKind.NONE, false, 0},
                {"old-scheme", "modelcar-demo", PodKind.NONE, false, 0},
                {"t5-before-modelcars", "team-nlp", PodKind.PLAIN, true, 66},
        };
        Map<String, GenericKubernetesResource> byName = new java.util.HashMap<>();
        sampleInferenceServices().forEach(s -> byName.put(s.getMetadata().getName(), s));
        for (int i = 0; i < runs.length; i++) {
            String name = (String) runs[i][0];
            String namespace = (String) runs[i][1];
            PodKind kind = (PodKind) runs[i][2];
            Boolean ready = (Boolean) runs[i][3];
            Instant created = now.minus(2, ChronoUnit.HOURS).plusSeconds(60L * i);
            Instant readyAt = Boolean.TRUE.equals(ready) ? created.plusSeconds((Integer) runs[i][4]) : null;
            GenericKubernetesResource isvc = client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                    .inNamespace(namespace).withName(name).get();
            isvc.getAdditionalProperties().put("status", isvcStatus(name, namespace, ready,
                    readyAt != null ? readyAt : created.plusSeconds(30)));
            client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(namespace)
                    .resource(isvc).updateStatus();
            String image = modelImage(byName.get(name));
            if (withPods && kind != PodKind.NONE) {
                createPod(pod(namespace, name, kind, image, created, readyAt), (Integer) runs[i][4]);
            }
        }
    }

    /**
     * Creates the pod; the API server stamps its own creationTimestamp (and drops the status), so the status is then
     * written with the Ready condition moved to that time plus the start-up seconds, as the kubelet would.
     */
    void createPod(io.fabric8.kubernetes.api.model.Pod pod, int startupSeconds) {
        io.fabric8.kubernetes.api.model.Pod created = client.pods().inNamespace(pod.getMetadata().getNamespace())
                .resource(pod).create();
        String stamped = created.getMetadata().getCreationTimestamp();
        if (stamped == null || stamped.equals(pod.getMetadata().getCreationTimestamp())) {
            return;
        }
        Instant at = Instant.parse(stamped);
        pod.getStatus().getConditions().forEach(c -> c.setLastTransitionTime(("True".equals(c.getStatus())
                ? at.plusSeconds(startupSeconds) : at).toString()));
        created.setStatus(pod.getStatus());
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(created).updateStatus();
    }

    /** The predictor's serving image and the storage initializer's, as KServe v0.20.0 sets them. */
    static final String SERVER_IMAGE = "kserve/huggingfaceserver:v0.20.0";
    static final String STORAGE_INITIALIZER_IMAGE = "kserve/storage-initializer:v0.20.0";

    /** The kinds of predictor pods the seed creates. */
    public enum PodKind { MODELCAR, MODELCAR_PULL_ERROR, STORAGE_INITIALIZER, PLAIN, NONE }

    /** The status KServe would write: Ready (or not), PredictorReady, IngressReady, URL and deployment mode. */
    public static Map<String, Object> isvcStatus(String name, String namespace, Boolean ready, Instant at) {
        String value = ready == null ? "Unknown" : ready ? "True" : "False";
        String time = at.toString();
        List<Map<String, Object>> conditions = new java.util.ArrayList<>();
        conditions.add(condition("IngressReady", ready == null ? "Unknown" : "True", null, null, time));
        conditions.add(condition("PredictorReady", value, Boolean.FALSE.equals(ready) ? "ModelLoadFailed" : null,
                Boolean.FALSE.equals(ready) ? "predictor pods are not ready" : null, time));
        conditions.add(condition("Ready", value, Boolean.FALSE.equals(ready) ? "PredictorNotReady" : null, null,
                time));
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("conditions", conditions);
        status.put("url", "http://" + name + "." + namespace + ".example.com");
        status.put("deploymentMode", "RawDeployment");
        status.put("observedGeneration", 1);
        return status;
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message,
            String time) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
        c.put("lastTransitionTime", time);
        return c;
    }

    private static String modelImage(GenericKubernetesResource isvc) {
        if (isvc == null) {
            return "quay.io/acme-ai/model:1";
        }
        String text = io.fabric8.kubernetes.client.utils.Serialization.asJson(isvc.getAdditionalProperties());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"oci(?:\\+[a-z]+)?://([^\"]+)\"")
                .matcher(text);
        return m.find() ? m.group(1) : "quay.io/acme-ai/model:1";
    }

    /**
     * A predictor pod as KServe's webhook and the kubelet leave it: modelcar-injected ({@code modelcar-init} +
     * {@code modelcar}, shared process namespace), with a storage-initializer, or plain; Ready at {@code readyAt}
     * (null: not Ready). {@code MODELCAR_PULL_ERROR} is stuck in ImagePullBackOff on {@code modelcar-init}.
     */
    public static io.fabric8.kubernetes.api.model.Pod pod(String namespace, String isvc, PodKind kind, String image,
            Instant created, Instant readyAt) {
        String hash = Integer.toHexString((namespace + isvc).hashCode() & 0xfffffff);
        PodBuilder b = new PodBuilder().withNewMetadata().withName(isvc + "-predictor-" + hash + "-x7k2p")
                .withNamespace(namespace).withCreationTimestamp(created.toString())
                .addToLabels("serving.kserve.io/inferenceservice", isvc)
                .addToLabels("component", "predictor").addToLabels("app", isvc + "-predictor")
                .endMetadata();
        var spec = b.withNewSpec();
        spec.addNewContainer().withName("kserve-container").withImage(SERVER_IMAGE).endContainer();
        boolean modelcar = kind == PodKind.MODELCAR || kind == PodKind.MODELCAR_PULL_ERROR;
        if (modelcar) {
            spec.withShareProcessNamespace(true)
                    .addNewInitContainer().withName("modelcar-init").withImage(image).endInitContainer()
                    .addNewContainer().withName("modelcar").withImage(image).endContainer();
        } else if (kind == PodKind.STORAGE_INITIALIZER) {
            spec.addNewInitContainer().withName("storage-initializer")
                    .withImage(STORAGE_INITIALIZER_IMAGE).endInitContainer();
        }
        spec.endSpec();
        var status = b.withNewStatus();
        if (kind == PodKind.MODELCAR_PULL_ERROR) {
            status.withPhase("Pending")
                    .addNewCondition().withType("Initialized").withStatus("False")
                    .withLastTransitionTime(created.toString()).endCondition()
                    .addNewCondition().withType("Ready").withStatus("False")
                    .withLastTransitionTime(created.toString()).endCondition()
                    .addNewInitContainerStatus().withName("modelcar-init").withImage(image).withReady(false)
                    .withRestartCount(0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState()
                    .endInitContainerStatus()
                    .addNewContainerStatus().withName("kserve-container").withImage(SERVER_IMAGE).withReady(false)
                    .withRestartCount(0).withNewState().withNewWaiting().withReason("PodInitializing").endWaiting().endState()
                    .endContainerStatus()
                    .addNewContainerStatus().withName("modelcar").withReady(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason("PodInitializing").endWaiting().endState()
                    .endContainerStatus();
        } else {
            status.withPhase(readyAt != null ? "Running" : "Pending")
                    .addNewCondition().withType("Ready").withStatus(readyAt != null ? "True" : "False")
                    .withLastTransitionTime((readyAt != null ? readyAt : created).toString()).endCondition();
            if (modelcar) {
                status.addNewInitContainerStatus().withName("modelcar-init").withImage(image).withReady(true)
                        .withRestartCount(0).withNewState().withNewTerminated().withReason("Completed")
                        .withExitCode(0).endTerminated().endState().endInitContainerStatus()
                        .addNewContainerStatus().withName("modelcar").withImage(image).withReady(true)
                        .withRestartCount(0).withNewState().withNewRunning().withStartedAt(created.toString())
                        .endRunning().endState().endContainerStatus();
            } else if (kind == PodKind.STORAGE_INITIALIZER) {
                status.addNewInitContainerStatus().withName("storage-initializer")
                        .withImage(STORAGE_INITIALIZER_IMAGE).withReady(true)
                        .withRestartCount(0).withNewState().withNewTerminated().withReason("Completed")
                        .withExitCode(0).endTerminated().endState().endInitContainerStatus();
            }
            status.addNewContainerStatus().withName("kserve-container").withImage(SERVER_IMAGE)
                    .withReady(readyAt != null)
                    .withRestartCount(0).withNewState().withNewRunning().withStartedAt(created.toString())
                    .endRunning().endState().endContainerStatus();
        }
        status.endStatus();
        return b.build();
    }

    public void namespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                    .create();
        }
    }

    static <T> T load(String resource, Class<T> type) {
        return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(read(resource), type);
    }

    @SuppressWarnings("unchecked")
    static List<HasMetadata> loadAll(String resource) {
        Object parsed = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(read(resource));
        return parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
    }

    private static String read(String resource) {
        try (InputStream in = KServeSeed.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
