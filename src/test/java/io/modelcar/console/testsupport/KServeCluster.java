package io.modelcar.console.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * KServe running for real on a real API server: one release's CRDs and shipped configuration installed, its
 * webhook configurations pointing at a {@link KServeManager} on loopback behind a CA made for the run, in raw
 * deployment mode (no Knative, no Istio). The suites that ask KServe itself what it does start one per release;
 * closing it stops the manager, removes its webhook configurations and puts back the CRDs that were there before.
 */
public final class KServeCluster implements AutoCloseable {

    public static final String NAMESPACE = "kserve";
    /** InferenceServices, for the generic client. */
    public static final ResourceDefinitionContext ISVC = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io").withVersion("v1beta1").withKind("InferenceService")
            .withPlural("inferenceservices").withNamespaced(true).build();

    private final KServeRelease release;
    private final KServeInstall install;
    private final WebhookCertificates certs;
    private final KServeManager manager;
    private final List<CustomResourceDefinition> crdsBefore;

    private KServeCluster(KServeRelease release, KServeInstall install, WebhookCertificates certs,
            KServeManager manager, List<CustomResourceDefinition> crdsBefore) {
        this.release = release;
        this.install = install;
        this.certs = certs;
        this.manager = manager;
        this.crdsBefore = crdsBefore;
    }

    /**
     * Installs {@code release} with {@code data} over its shipped configuration (raw deployment mode) and starts
     * its manager with webhooks.
     *
     * @param admin      a client with cluster-admin rights
     * @param kubeconfig the same credentials as a file, for the manager process
     * @param workDir    a fresh directory for certificates and the manager's log
     */
    public static KServeCluster start(KServeRelease release, KubernetesClient admin, Path kubeconfig, Path workDir,
            Map<String, String> data) {
        KServeInstall install = new KServeInstall(admin, release);
        List<CustomResourceDefinition> before = install.crds();
        install.applyConfigMap(install.shippedConfigMap(NAMESPACE, data));
        WebhookCertificates certs = WebhookCertificates.create(workDir);
        int port = KServeManager.freePort();
        install.webhooks(port, certs.caBundle());
        KServeManager manager = KServeManager.start(release, kubeconfig, NAMESPACE, certs, port);
        KServeCluster cluster = new KServeCluster(release, install, certs, manager, before);
        if (!manager.awaitReady(Duration.ofMinutes(3))) {
            String log = manager.log();
            cluster.close();
            throw new IllegalStateException(release + " manager did not become ready:\n" + tail(log, 40));
        }
        return cluster;
    }

    public KServeRelease release() {
        return release;
    }

    public KServeInstall install() {
        return install;
    }

    public WebhookCertificates certificates() {
        return certs;
    }

    public KServeManager manager() {
        return manager;
    }

    /** Replaces data keys of the running installation's {@code inferenceservice-config}. */
    public void configure(Map<String, String> data) {
        install.applyConfigMap(install.shippedConfigMap(NAMESPACE, data));
    }

    @Override
    public void close() {
        manager.close();
        install.removeWebhooks();
        install.restoreCrds(crdsBefore);
    }

    /** An InferenceService in raw deployment mode with this spec. */
    public static GenericKubernetesResource inferenceService(String namespace, String name, Map<String, Object> spec) {
        GenericKubernetesResource isvc = new GenericKubernetesResource();
        isvc.setApiVersion("serving.kserve.io/v1beta1");
        isvc.setKind("InferenceService");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setAnnotations(Map.of("serving.kserve.io/deploymentMode", "RawDeployment"));
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
}
