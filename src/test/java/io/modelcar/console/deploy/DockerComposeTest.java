package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Stands in for {@code docker compose config} on machines without Docker: the services, ports, mounts and profiles
 * of docker-compose.yml, and the manifests its K3s profile applies.
 */
class DockerComposeTest {

    static final Map<String, Object> COMPOSE = load(Path.of("docker-compose.yml"));

    @Test
    void consoleServiceIsTheDefaultAndPublishesPort8080() {
        Map<String, Object> console = service("console");

        assertThat(console).doesNotContainKey("profiles");
        assertThat(console.get("build")).isEqualTo(".");
        assertThat(list(console, "ports")).containsExactly("8080:8080");
    }

    @Test
    void consoleReadsTheHostKubeconfigReadOnly() {
        Map<String, Object> console = service("console");

        Map<String, Object> kubeconfig = volumes(console).stream()
                .filter(v -> "/config/kubeconfig".equals(v.get("target"))).findFirst().orElseThrow();
        assertThat(kubeconfig).containsEntry("type", "bind").containsEntry("read_only", true);
        assertThat((String) kubeconfig.get("source")).contains("~/.kube/config");
        assertThat(environment(console).get("CONSOLE_KUBERNETES_KUBECONFIG")).contains("/config/kubeconfig");
        assertThat(volumes(console)).allSatisfy(v -> assertThat(v).containsEntry("read_only", true));
    }

    @Test
    void consoleRunsLockedDownWithoutADefaultPassword() {
        Map<String, Object> console = service("console");

        assertThat(console).containsEntry("read_only", true);
        assertThat(list(console, "tmpfs")).containsExactly("/tmp");
        assertThat(list(console, "cap_drop")).containsExactly("ALL");
        assertThat(list(console, "security_opt")).contains("no-new-privileges:true");
        assertThat(console).doesNotContainKey("privileged");
        // compose refuses to start (":?") unless a bcrypt hash is given: no password is built in
        assertThat(environment(console).get("CONSOLE_SECURITY_USERS_0_PASSWORD"))
                .startsWith("${CONSOLE_ADMIN_PASSWORD_HASH:?");
    }

    @Test
    @SuppressWarnings("unchecked")
    void k3sProfileStartsAServerAndASeedThatTheConsoleWaitsFor() {
        Map<String, Object> k3s = service("k3s");
        Map<String, Object> seed = service("k3s-seed");

        assertThat(list(k3s, "profiles")).containsExactly("k3s");
        assertThat((String) k3s.get("image")).contains("rancher/k3s:");
        assertThat(k3s).containsEntry("privileged", true);
        assertThat(list(k3s, "volumes")).contains("k3s-output:/output");
        assertThat(environment(k3s)).containsEntry("K3S_KUBECONFIG_OUTPUT", "/output/kubeconfig.yaml");
        assertThat(list(k3s, "command")).contains("--tls-san=k3s");

        assertThat(list(seed, "profiles")).containsExactly("k3s");
        assertThat(list(seed, "volumes")).contains("k3s-output:/output", "./deploy:/deploy:ro");
        String script = String.join("\n", list(seed, "command").stream().map(Object::toString).toList());
        assertThat(script).contains("kubectl apply -f /deploy/crds/", "kubectl apply -f /deploy/k3s/kserve.yaml",
                "https://k3s:6443", "condition=established");

        Map<String, Object> dependsOn = (Map<String, Object>) ((Map<String, Object>) service("console")
                .get("depends_on")).get("k3s-seed");
        assertThat(dependsOn).containsEntry("condition", "service_completed_successfully")
                .containsEntry("required", false);
        assertThat(volumes(service("console"))).anySatisfy(v -> assertThat(v)
                .containsEntry("source", "k3s-output").containsEntry("target", "/k3s"));
        assertThat((Map<String, Object>) COMPOSE.get("volumes")).containsKeys("k3s-output", "k3s-data");
    }

    @Test
    void seedFilesExistAndAreKubernetesObjects() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();

        CustomResourceDefinition crd = serialization.unmarshal(
                Files.readString(Path.of("deploy/crds/serving.kserve.io_inferenceservices.yaml")),
                CustomResourceDefinition.class);
        assertThat(crd.getSpec().getGroup()).isEqualTo("serving.kserve.io");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("inferenceservices");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("v1beta1");
            assertThat(v.getServed()).isTrue();
            assertThat(v.getStorage()).isTrue();
            assertThat(v.getSubresources().getStatus()).isNotNull();
            assertThat(v.getSchema().getOpenAPIV3Schema().getType()).isEqualTo("object");
        });

        List<HasMetadata> kserve = serialization.unmarshal(Files.readString(Path.of("deploy/k3s/kserve.yaml")));
        assertThat(kserve).extracting(HasMetadata::getKind).contains("Namespace", "Deployment");
        Deployment controller = kserve.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        assertThat(controller.getMetadata().getLabels()).containsEntry("control-plane", "kserve-controller-manager");
        assertThat(controller.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .endsWith(":v0.20.0");
        for (Object mount : list(service("k3s-seed"), "volumes")) {
            String source = mount.toString().split(":")[0];
            if (source.startsWith("./")) {
                assertThat(Path.of(source)).exists();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) COMPOSE.get("services");
        assertThat(services).containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> service, String key) {
        return (List<Object>) service.get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> volumes(Map<String, Object> service) {
        return (List<Map<String, Object>>) service.get("volumes");
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> service) {
        return (Map<String, String>) service.get("environment");
    }

    static Map<String, Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
