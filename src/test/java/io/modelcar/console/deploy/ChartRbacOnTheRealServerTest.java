package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.deploy.ChartRendering.Manifests;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.Prerequisite;
import io.modelcar.console.testsupport.RealClusterTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chart's RBAC decided by the real authorizer ({@link ControlPlane}), backing the emulated one of
 * {@link ChartRbacCoversTheConsoleTest}: the ServiceAccount, Role, ClusterRole and bindings that the chart renders are
 * applied with kubectl, and the console runs as that ServiceAccount (a token from the TokenRequest API, as in its
 * pod). Every page, API call, watch and background task works; what the chart does not grant (another ConfigMap) is
 * refused by the API server and shown as the console shows a refusal: a 502 naming the permission.
 */
public class ChartRbacOnTheRealServerTest {

    @RegisterExtension
    static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theConsoleRunningAsTheChartsServiceAccountCanDoEverythingItOffers(@TempDir Path dir) throws IOException {
        ControlPlane controlPlane = RealClusterTest.seededControlPlane();
        Path kubeconfig = serviceAccountWithTheChartsRbac(controlPlane, dir);
        try (ConfigurableApplicationContext console = console(kubeconfig, KServeSeed.CONFIG_MAP)) {
            String base = base(console);
            ConsoleHttp admin = ConsoleHttp.basic(base, "admin", "admin");
            assertThat(admin.get("/api/v1/kserve").statusCode()).isEqualTo(200);
            HttpResponse<String> config = admin.get("/api/v1/storage-initializer");
            assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
            HttpResponse<String> written = admin.send("PATCH", "/api/v1/storage-initializer",
                    "application/merge-patch+json", "{\"cpuModelcar\": \"14m\"}", "If-Match",
                    config.headers().firstValue("ETag").orElseThrow());
            assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
            assertThat(admin.get("/api/v1/storage-initializer/history").statusCode()).isEqualTo(200);
            HttpResponse<String> toggles = admin.get("/api/v1/toggles");
            assertThat(toggles.statusCode()).as(toggles.body()).isEqualTo(200);
            HttpResponse<String> inventory = admin.get("/api/v1/inferenceservices?namespace=modelcar-demo");
            assertThat(inventory.statusCode()).as(inventory.body()).isEqualTo(200);
            assertThat(inventory.body()).as("the inventory's watches, as the ServiceAccount").contains("sklearn-iris");
            assertThat(admin.get("/api/v1/inferenceservices/modelcar-demo/sklearn-iris").statusCode())
                    .isEqualTo(200);
            assertThat(admin.get("/api/v1/kserve/controller/restarts").statusCode()).isEqualTo(200);
            ConsoleHttp browser = ConsoleHttp.browser(base, "admin", "admin");
            for (String page : List.of("/", "/inferenceservices", "/inferenceservices/modelcar-demo/sklearn-iris",
                    "/controller", "/toggles", "/history", "/images")) {
                HttpResponse<String> shown = browser.get(page);
                assertThat(shown.statusCode()).as(page + "\n" + shown.body()).isEqualTo(200);
            }
            HttpResponse<String> restored = admin.send("PATCH", "/api/v1/storage-initializer",
                    "application/merge-patch+json", "{\"cpuModelcar\": null}", "If-Match",
                    written.headers().firstValue("ETag").orElseThrow());
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        }
    }

    @Test
    void aConfigMapTheChartDoesNotGrantIsRefusedByTheRealAuthorizerAndShownAsA502NamingThePermission(
            @TempDir Path dir) throws IOException {
        ControlPlane controlPlane = RealClusterTest.seededControlPlane();
        Path kubeconfig = serviceAccountWithTheChartsRbac(controlPlane, dir);
        controlPlane.adminClient().configMaps().inNamespace(KServeSeed.NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("not-granted").endMetadata().addToData("storageInitializer", "{}")
                .build()).createOr(existing -> existing.update());
        assertThat(controlPlane.tryKubectl(kubeconfig, null, "-n", KServeSeed.NAMESPACE, "get", "configmap",
                "not-granted").error()).contains("Forbidden");
        try (ConfigurableApplicationContext console = console(kubeconfig, "not-granted")) {
            HttpResponse<String> refused = ConsoleHttp.basic(base(console), "admin", "admin")
                    .get("/api/v1/storage-initializer");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
            assertThat(refused.body()).contains("urn:modelcar-console:problem:cluster-permission-denied")
                    .contains("missingPermission").contains("configmaps");
        }
    }

    /**
     * Applies the chart's ServiceAccount and RBAC with kubectl (namespace {@value ChartRendering#RELEASE_NAMESPACE})
     * and answers a kubeconfig of that ServiceAccount.
     */
    static Path serviceAccountWithTheChartsRbac(ControlPlane controlPlane, Path dir) throws IOException {
        return controlPlane.serviceAccountKubeconfig(ChartRendering.RELEASE_NAMESPACE,
                applyTheChartsRbac(controlPlane, dir));
    }

    /**
     * Applies the chart's ServiceAccount and RBAC with kubectl (namespace {@value ChartRendering#RELEASE_NAMESPACE}),
     * as docs/deployment.md tells for a remote cluster, and answers the ServiceAccount's name.
     */
    public static String applyTheChartsRbac(ControlPlane controlPlane, Path dir) throws IOException {
        Manifests chart = ChartRendering.renderDefaults();
        List<HasMetadata> rbac = chart.objects().stream().filter(o -> o instanceof ServiceAccount
                || o instanceof Role || o instanceof RoleBinding || o instanceof ClusterRole
                || o instanceof ClusterRoleBinding).toList();
        assertThat(rbac).hasSize(5);
        controlPlane.createNamespace(ChartRendering.RELEASE_NAMESPACE);
        // helm install puts namespaced objects without a namespace into the release's namespace
        rbac.stream().filter(o -> !(o instanceof ClusterRole || o instanceof ClusterRoleBinding))
                .filter(o -> o.getMetadata().getNamespace() == null)
                .forEach(o -> o.getMetadata().setNamespace(ChartRendering.RELEASE_NAMESPACE));
        Path manifests = dir.resolve("rbac.yaml");
        Files.writeString(manifests, rbac.stream().map(Serialization::asYaml).collect(Collectors.joining("\n")));
        controlPlane.kubectl("apply", "-f", manifests.toString());
        return chart.one(ServiceAccount.class).getMetadata().getName();
    }

    /** The namespace the chart's ServiceAccount is in. */
    public static String releaseNamespace() {
        return ChartRendering.RELEASE_NAMESPACE;
    }

    static ConfigurableApplicationContext console(Path kubeconfig, String configMap) {
        return new SpringApplicationBuilder(ModelcarConsoleApplication.class).profiles("sandbox")
                .run("--server.port=0", "--console.kubernetes.kubeconfig=" + kubeconfig,
                        "--console.kubernetes.kserve-namespace=" + KServeSeed.NAMESPACE,
                        "--console.kubernetes.controller-name=" + KServeSeed.CONTROLLER,
                        "--console.kubernetes.config-map-name=" + configMap, "--spring.main.banner-mode=off");
    }

    static String base(ConfigurableApplicationContext console) {
        return "http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort();
    }
}
