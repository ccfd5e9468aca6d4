package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
