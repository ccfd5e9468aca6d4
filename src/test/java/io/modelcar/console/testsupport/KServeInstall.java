package io.modelcar.console.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Installs one KServe release into a real API server from the release's own {@code config/} directory: its CRDs
 * (every {@code serving.kserve.io_*.yaml} under {@code config/crd/full}), the shipped
 * {@code inferenceservice-config} with the data keys a test overrides, and the Mutating/Validating webhook
 * configurations of {@code config/webhook/manifests.yaml} pointed at a manager on loopback
 * ({@code clientConfig.url: https://127.0.0.1:<port><path>}) with the test's CA as {@code caBundle}.
 * Server-side apply for the configuration and webhooks; the CRDs are created, or replace a stand-in in place.
 */
public final class KServeInstall {

    public static final String CONFIG_MAP = "inferenceservice-config";
    /** Raw deployment mode, the one that needs no Knative or Istio (v0.16+ reads it as {@code Standard}). */
    public static final String RAW_DEPLOY = "{\"defaultDeploymentMode\": \"RawDeployment\"}";
    private static final String MANAGER = "modelcar-console-tests";

    private final KubernetesClient admin;
    private final KServeRelease release;

    public KServeInstall(KubernetesClient admin, KServeRelease release) {
        this.admin = admin;
        this.release = release;
    }

    /**
     * Installs the release's CRDs on a cluster that has none of them and waits (bounded) until each is Established.
     */
    public void crds() {
        var crds = admin.apiextensions().v1().customResourceDefinitions();
        List<CustomResourceDefinition> ours = releaseCrds();
        for (CustomResourceDefinition crd : ours) {
            crds.resource(crd).create();
        }
        for (CustomResourceDefinition crd : ours) {
            String name = crd.getMetadata().getName();
            KServeCluster.await("CRD " + name + " to be Established", Duration.ofSeconds(60),
                    () -> established(crds.withName(name).get()), () -> String.valueOf(crds.withName(name).get()
                            .getStatus()));
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Every {@code serving.kserve.io_*.yaml} CRD under the release's {@code config/crd/full} but the
     * LLMInferenceService ones ({@code llmisvc/}, 4.3 of its 6.5 MB): their controller is another binary
     * ({@code cmd/llmisvc}), {@code cmd/manager} neither watches nor reads them; and the Gateway API HTTPRoute CRD
     * of the module's {@code test/crds}.
     */
    private List<CustomResourceDefinition> releaseCrds() {
        List<CustomResourceDefinition> ours = new ArrayList<>();
        Path full = release.config().resolve("crd").resolve("full");
        try (Stream<Path> files = Files.walk(full)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("serving\\.kserve\\.io_.*\\.yaml"))
                    .filter(f -> !f.startsWith(full.resolve("llmisvc"))).sorted().toList()) {
                load(file).stream().filter(CustomResourceDefinition.class::isInstance)
                        .map(CustomResourceDefinition.class::cast).forEach(ours::add);
            }
            // the Gateway API's HTTPRoute CRD, as KServe's own tests install it: with enableGatewayApi the manager
            // watches HTTPRoutes and exits without them (controller.go "gateway API mode requires ... CRD")
            ours.add(httpRouteCrd());
            for (CustomResourceDefinition crd : ours) {
                crd.getSpec().getVersions().stream().filter(v -> v.getSchema() != null)
                        .forEach(v -> withoutDescriptions(v.getSchema().getOpenAPIV3Schema()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ours;
    }

    /** The Gateway API's HTTPRoute CRD from the module's {@code test/crds}. */
    private CustomResourceDefinition httpRouteCrd() {
        return load(release.config().resolveSibling("test").resolve("crds").resolve("gatewayapi_httproute.yaml"))
                .stream().filter(CustomResourceDefinition.class::isInstance).map(CustomResourceDefinition.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("no HTTPRoute CRD in " + release));
    }

    /**
     * Deletes the HTTPRoute CRD and waits (bounded) until API discovery no longer serves the kind: a cluster without
     * the Gateway API, for the pre-flight suite. {@link #restoreHttpRoutes()} puts it back.
     */
    public void removeHttpRoutes() {
        var crds = admin.apiextensions().v1().customResourceDefinitions();
        String name = httpRouteCrd().getMetadata().getName();
        crds.withName(name).delete();
        KServeCluster.await("HTTPRoute to be gone from API discovery", Duration.ofSeconds(60),
                () -> crds.withName(name).get() == null && !httpRoutesServed(), () -> "still served");
    }

    /** Creates the HTTPRoute CRD again and waits (bounded) until discovery serves the kind. */
    public void restoreHttpRoutes() {
        var crds = admin.apiextensions().v1().customResourceDefinitions();
        CustomResourceDefinition crd = httpRouteCrd();
        crd.getSpec().getVersions().stream().filter(v -> v.getSchema() != null)
                .forEach(v -> withoutDescriptions(v.getSchema().getOpenAPIV3Schema()));
        if (crds.withName(crd.getMetadata().getName()).get() == null) {
            crds.resource(crd).create();
        }
        KServeCluster.await("HTTPRoute to be served by API discovery", Duration.ofSeconds(60),
                this::httpRoutesServed, () -> "not yet served");
    }

    private boolean httpRoutesServed() {
        try {
            var resources = admin.getApiResources("gateway.networking.k8s.io/v1");
            return resources != null && resources.getResources().stream()
                    .anyMatch(r -> "HTTPRoute".equals(r.getKind()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Removes the {@code description} of every schema node (not properties that happen to be called so): they are
     * four fifths of KServe's megabyte CRDs, and the API server, which builds OpenAPI documents from each CRD it
     * establishes, took minutes over them on a busy 2-core machine. Types, defaults, required fields and pruning
     * are untouched, so the API server validates and defaults the objects exactly as with the shipped CRDs.
     */
    static void withoutDescriptions(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        schema.setDescription(null);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(KServeInstall::withoutDescriptions);
        }
        if (schema.getItems() != null) {
            withoutDescriptions(schema.getItems().getSchema());
            if (schema.getItems().getJSONSchemas() != null) {
                schema.getItems().getJSONSchemas().forEach(KServeInstall::withoutDescriptions);
            }
        }
        if (schema.getAdditionalProperties() != null) {
            withoutDescriptions(schema.getAdditionalProperties().getSchema());
        }
        for (List<JSONSchemaProps> all : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(),
                schema.getOneOf())) {
            if (all != null) {
                all.forEach(KServeInstall::withoutDescriptions);
            }
        }
        withoutDescriptions(schema.getNot());
    }

    /**
     * Applies one of the release's shipped ClusterServingRuntimes ({@code config/runtimes/<file>}), its image
     * placeholder replaced (the pods never run: only what the webhook does to them is looked at).
     */
    public void clusterServingRuntime(String file) {
        try {
            String yaml = Files.readString(release.config().resolve("runtimes").resolve(file))
                    .replaceAll("image: (\\S+):replace", "image: kserve/$1:" + release.version());
            for (HasMetadata item : admin.load(new java.io.ByteArrayInputStream(
                    yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).items()) {
                admin.resource(item).fieldManager(MANAGER).forceConflicts().serverSideApply();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the namespace unless it exists. */
    public void namespace(String name) {
        if (admin.namespaces().withName(name).get() == null) {
            try {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                        .build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /**
     * The release's shipped {@code inferenceservice-config} for {@code namespace}, with {@code deploy} set to raw
     * deployment mode and then the given keys replaced (a null value removes the key).
     */
    public ConfigMap shippedConfigMap(String namespace, Map<String, String> overrides) {
        ConfigMap shipped = load(release.config().resolve("configmap").resolve("inferenceservice.yaml")).stream()
                .filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ConfigMap in " + release.config()));
        Map<String, String> data = new LinkedHashMap<>(shipped.getData());
        data.remove("_example");
        data.put("deploy", RAW_DEPLOY);
        overrides.forEach((key, value) -> {
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
        });
        ConfigMap map = new ConfigMap();
        map.setMetadata(new ObjectMeta());
        map.getMetadata().setName(CONFIG_MAP);
        map.getMetadata().setNamespace(namespace);
        map.setData(data);
        return map;
    }

    /** Writes the ConfigMap (server-side apply: whole data replaced by this field manager's view). */
    public void applyConfigMap(ConfigMap map) {
        namespace(map.getMetadata().getNamespace());
        admin.resource(map).fieldManager(MANAGER).forceConflicts().serverSideApply();
    }

    /** The release's webhook configurations, served by a manager on {@code 127.0.0.1:port}. */
    public void webhooks(int port, String caBundle) {
        for (HasMetadata item : load(release.config().resolve("webhook").resolve("manifests.yaml"))) {
            item.getMetadata().setCreationTimestamp(null);
            if (item instanceof MutatingWebhookConfiguration m) {
                m.getWebhooks().forEach(w -> w.setClientConfig(loopback(w.getClientConfig(), port, caBundle)));
            } else if (item instanceof ValidatingWebhookConfiguration v) {
                v.getWebhooks().forEach(w -> w.setClientConfig(loopback(w.getClientConfig(), port, caBundle)));
            } else {
                continue;
            }
            admin.resource(item).fieldManager(MANAGER).forceConflicts().serverSideApply();
        }
    }

    /** Removes the release's webhook configurations (a manager that is gone would fail every admission). */
    public void removeWebhooks() {
        for (HasMetadata item : load(release.config().resolve("webhook").resolve("manifests.yaml"))) {
            if (item instanceof MutatingWebhookConfiguration || item instanceof ValidatingWebhookConfiguration) {
                admin.resource(item).delete();
            }
        }
    }

    private static WebhookClientConfig loopback(WebhookClientConfig shipped, int port, String caBundle) {
        String path = shipped.getService() != null && shipped.getService().getPath() != null
                ? shipped.getService().getPath() : "/";
        WebhookClientConfig config = new WebhookClientConfig();
        config.setUrl("https://127.0.0.1:" + port + path);
        config.setCaBundle(caBundle);
        return config;
    }

    private List<HasMetadata> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return admin.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
