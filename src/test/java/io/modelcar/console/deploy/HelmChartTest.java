package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.modelcar.console.deploy.ChartRendering.Manifests;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The Helm chart, rendered by real Helm: it lints, every manifest is a valid Kubernetes object, the RBAC is exactly
 * the least privilege the console needs, the pod is locked down, users reach the console only as bcrypt hashes in
 * Secrets, and bad values are refused at install time by the schema.
 */
class HelmChartTest {

    static final String FULLNAME = "console-modelcar-console";
    static final String SANDBOX_HASH = "$2a$10$YGeMWSDaKe2MgpqTys6yVOrT//vEFRHJrJFxfzJ3bubYTwMLS9sDS";

    static final String NON_DEFAULT_VALUES = """
            replicaCount: 3
            image:
              repository: registry.example.com/platform/modelcar-console
              tag: "1.2.3"
              pullPolicy: Always
            serviceAccount:
              create: true
              name: console-sa
            kserve:
              namespace: ml-serving
              configMapName: inferenceservice-config
              controllerDeployment: kserve-controller
              controllerLabel: app=kserve-controller
            records:
              history: console-history
              restarts: console-restarts
              toggles: console-toggles
            console:
              environment: test
              admin:
                enabled: true
                username: platform-admin
                passwordHash: "%1$s"
              users:
                - name: alice
                  passwordHash: "%1$s"
                  roles: [operator]
                - name: bob
                  passwordHash: "{bcrypt}%1$s"
              oidc:
                enabled: true
                issuerUri: https://sso.example.com/realms/ml
                clientId: modelcar-console
                clientSecret:
                  existingSecret: console-oidc
                  key: secret
                groupsClaim: realm_access.roles
                roleMappings:
                  platform-admins: admin
                  /ml/operators: operator
                defaultRole: viewer
              config:
                console:
                  kubernetes:
                    request-timeout: 20s
            service:
              type: NodePort
              port: 8443
            ingress:
              enabled: true
              className: nginx
              hosts:
                - host: console.example.com
                  paths:
                    - path: /
                      pathType: Prefix
              tls:
                - hosts: [console.example.com]
                  secretName: console-tls
            """.formatted(SANDBOX_HASH);

    @TempDir
    Path tmp;

    @Test
    void lintPassesWithoutWarnings() {
        LintResult result = new Helm(ChartRendering.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultValuesRenderTypedKubernetesObjects() {
        Manifests manifests = ChartRendering.renderDefaults();

        assertThat(manifests.kinds()).containsExactly("ClusterRole", "ClusterRoleBinding", "Deployment",
                "PodDisruptionBudget", "Role", "RoleBinding", "Secret", "Secret", "Secret", "Service",
                "ServiceAccount");
        assertThat(manifests.all(Ingress.class)).isEmpty();
        assertThat(manifests.one(Service.class).getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort())
                .containsExactly("http:80", "metrics:8081");
        assertThat(manifests.one(ServiceAccount.class).getMetadata().getName()).isEqualTo(FULLNAME);
    }

    @Test
    void nonDefaultValuesRenderTypedKubernetesObjects() {
        Manifests manifests = renderNonDefault();

        assertThat(manifests.kinds()).contains("Ingress", "Deployment", "Role", "ClusterRole");
        Deployment deployment = manifests.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(console(deployment).getImage()).isEqualTo("registry.example.com/platform/modelcar-console:1.2.3");
        assertThat(console(deployment).getImagePullPolicy()).isEqualTo("Always");
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("console-sa");
        Ingress ingress = manifests.one(Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("console.example.com");
            assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getPort().getNumber())
                    .isEqualTo(8443);
        });
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("console-tls");
        assertThat(manifests.one(Service.class).getSpec().getType()).isEqualTo("NodePort");
    }

    @Nested
    class Rbac {

        @Test
        void kserveNamespaceRoleGrantsExactlyWhatTheConsoleDoes() {
            Role role = ChartRendering.renderDefaults().one(Role.class);

            assertThat(role.getMetadata().getNamespace()).isEqualTo("kserve");
            List<PolicyRule> rules = role.getRules();
            assertThat(rules).hasSize(9);
            assertRule(rules.get(0), "", "configmaps", List.of("inferenceservice-config"),
                    "get", "list", "watch", "update", "patch");
            assertRule(rules.get(1), "", "configmaps",
                    List.of("modelcar-console-history", "modelcar-console-restarts", "modelcar-console-toggles",
                            "modelcar-console-builds"),
                    "get", "update", "patch");
            // create cannot be restricted by name in Kubernetes: it is the only unnamed ConfigMap verb
            assertRule(rules.get(2), "", "configmaps", List.of(), "create");
            // leader election between replicas: the one Lease by name, and create (which has no name to check)
            assertRule(rules.get(3), "coordination.k8s.io", "leases", List.of("modelcar-console-leader"),
                    "get", "update", "patch");
            assertRule(rules.get(4), "coordination.k8s.io", "leases", List.of(), "create");
            assertRule(rules.get(5), "apps", "deployments", List.of("kserve-controller-manager"), "get", "patch");
            // delete by label (the delete-pods restart strategy) is a DELETE on the collection: deletecollection
            assertRule(rules.get(6), "", "pods", List.of(), "list", "watch", "delete", "deletecollection");
            assertRule(rules.get(7), "", "events", List.of(), "create");
            assertRule(rules.get(8), "", "namespaces", List.of("kserve"), "get");
        }

        @Test
        void clusterRoleOnlyReadsInferenceServicesAndPods() {
            ClusterRole clusterRole = ChartRendering.renderDefaults().one(ClusterRole.class);

            assertThat(clusterRole.getRules()).hasSize(2);
            assertRule(clusterRole.getRules().get(0), "serving.kserve.io", "inferenceservices", List.of(),
                    "get", "list", "watch");
            assertRule(clusterRole.getRules().get(1), "", "pods", List.of(), "get", "list", "watch");
            assertThat(clusterRole.getAggregationRule()).isNull();
        }

        @Test
        void bindingsGrantTheRolesToTheConsoleServiceAccountOnly() {
            Manifests manifests = ChartRendering.renderDefaults();

            RoleBinding binding = manifests.one(RoleBinding.class);
            assertThat(binding.getMetadata().getNamespace()).isEqualTo("kserve");
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(manifests.one(Role.class).getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo(FULLNAME);
                assertThat(s.getNamespace()).isEqualTo(ChartRendering.RELEASE_NAMESPACE);
            });
            ClusterRoleBinding clusterBinding = manifests.one(ClusterRoleBinding.class);
            assertThat(clusterBinding.getRoleRef().getName())
                    .isEqualTo(manifests.one(ClusterRole.class).getMetadata().getName());
            assertThat(clusterBinding.getSubjects()).singleElement()
                    .satisfies(s -> assertThat(s.getName()).isEqualTo(FULLNAME));
        }

        @Test
        void noRuleTouchesSecretsUsesWildcardsOrCanGainPrivileges() {
            for (Manifests manifests : List.of(ChartRendering.renderDefaults(), renderNonDefault())) {
                List<PolicyRule> all = new java.util.ArrayList<>();
                manifests.all(Role.class).forEach(r -> all.addAll(r.getRules()));
                manifests.all(ClusterRole.class).forEach(r -> all.addAll(r.getRules()));
                assertThat(all).isNotEmpty().allSatisfy(rule -> {
                    assertThat(rule.getResources()).doesNotContain("secrets", "*")
                            .noneMatch(r -> r.contains("*") || r.startsWith("secrets"));
                    assertThat(rule.getApiGroups()).doesNotContain("*");
                    assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate")
                            .isSubsetOf("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
                    assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
                    assertThat(rule.getResourceNames()).allSatisfy(n -> assertThat(n).doesNotContain("*"));
                });
            }
        }

        @Test
        void namesComeFromTheValues() {
            Manifests manifests = renderNonDefault();

            Role role = manifests.one(Role.class);
            assertThat(role.getMetadata().getNamespace()).isEqualTo("ml-serving");
            assertThat(role.getRules().get(1).getResourceNames())
                    .containsExactly("console-history", "console-restarts", "console-toggles",
                            "modelcar-console-builds");
            assertThat(role.getRules().get(5).getResourceNames()).containsExactly("kserve-controller");
            assertThat(role.getRules().get(8).getResourceNames()).containsExactly("ml-serving");
            assertThat(manifests.one(RoleBinding.class).getSubjects().get(0).getName()).isEqualTo("console-sa");
        }

        @Test
        void canBeLeftToTheClusterAdmin() {
            Manifests manifests = ChartRendering.render(null, Map.of("rbac.create", false));

            assertThat(manifests.all(Role.class)).isEmpty();
            assertThat(manifests.all(ClusterRole.class)).isEmpty();
            assertThat(manifests.all(RoleBinding.class)).isEmpty();
            assertThat(manifests.all(ClusterRoleBinding.class)).isEmpty();
        }

        private static void assertRule(PolicyRule rule, String apiGroup, String resource, List<String> names,
                String... verbs) {
            assertThat(rule.getApiGroups()).containsExactly(apiGroup);
            assertThat(rule.getResources()).containsExactly(resource);
            assertThat(rule.getResourceNames()).containsExactlyElementsOf(names);
            assertThat(rule.getVerbs()).containsExactly(verbs);
        }
    }

    @Nested
    class Pod {

        @Test
        void runsLockedDownWithReadOnlyRootAndWritableTmp() {
            Deployment deployment = ChartRendering.renderDefaults().one(Deployment.class);
            var podSpec = deployment.getSpec().getTemplate().getSpec();
            Container console = console(deployment);

            assertThat(podSpec.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(podSpec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            var security = console.getSecurityContext();
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getRunAsUser()).isPositive();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getPrivileged()).isFalse();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(console.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(volume(deployment, m.getName()).getEmptyDir()).isNotNull();
            });
            assertThat(console.getVolumeMounts()).filteredOn(m -> !m.getMountPath().equals("/tmp")
                    && !m.getMountPath().equals(ChartHardeningTest.IMAGES_WORK_DIR))
                    .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
            assertThat(podSpec.getHostNetwork()).isNull();
            assertThat(podSpec.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        }

        @Test
        void probesUseTheActuatorHealthGroups() {
            Container console = console(ChartRendering.renderDefaults().one(Deployment.class));

            assertThat(console.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(console.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(console.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(List.of(console.getLivenessProbe(), console.getReadinessProbe(), console.getStartupProbe()))
                    .as("Actuator runs on the management port").allSatisfy(probe -> assertThat(
                            probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
            assertThat(console.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(console.getResources().getLimits()).containsKey("memory");
        }

        @Test
        void helmTestHookCallsTheReadinessEndpointThroughTheService() throws IOException {
            // helm-java's template leaves hooks out (as helm install does): render the hook as a plain manifest
            Path hook = ChartRendering.CHART.resolve("templates/tests/test-readiness.yaml");
            assertThat(Files.readString(hook)).contains("helm.sh/hook: test");
            Path chart = copyOfChart();
            Path copy = chart.resolve("templates/tests/test-readiness.yaml");
            Files.writeString(copy, Files.readString(copy).replace("helm.sh/hook: test", "hook-under-test: test"));

            io.fabric8.kubernetes.api.model.Pod test = ChartRendering.Manifests
                    .parse(ChartRendering.template(chart, null, Map.of()))
                    .one(io.fabric8.kubernetes.api.model.Pod.class);

            Container container = test.getSpec().getContainers().get(0);
            assertThat(String.join(" ", container.getCommand()))
                    .contains("http://" + FULLNAME + ":8081/actuator/health/readiness");
            assertThat(container.getImage()).isEqualTo("modelcar-console:0.1.0");
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
        }

        private Path copyOfChart() throws IOException {
            Path target = tmp.resolve("chart");
            try (var files = Files.walk(ChartRendering.CHART)) {
                for (Path source : files.toList()) {
                    Path destination = target.resolve(ChartRendering.CHART.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                }
            }
            return target;
        }
    }

    /** The management port, and the opt-in ServiceMonitor, PrometheusRule and Grafana dashboard. */
    @Nested
    class Observability {

        static final Map<String, Object> ALL_ON = Map.of("metrics.serviceMonitor.enabled", true,
                "metrics.prometheusRule.enabled", true, "metrics.grafanaDashboard.enabled", true);

        @Test
        void theManagementPortIsSetForTheConsoleAndExposedByTheServiceButNotTheIngress() {
            Manifests manifests = ChartRendering.render(null, Map.of("ingress.enabled", true));
            Container console = console(manifests.one(Deployment.class));

            assertThat(env(console, "MANAGEMENT_SERVER_PORT").getValue()).isEqualTo("8081");
            assertThat(console.getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("management");
                assertThat(p.getContainerPort()).isEqualTo(8081);
            });
            assertThat(manifests.one(Service.class).getSpec().getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("metrics");
                assertThat(p.getPort()).isEqualTo(8081);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("management");
            });
            assertThat(manifests.one(Ingress.class).getSpec().getRules()).allSatisfy(r -> assertThat(
                    r.getHttp().getPaths()).allSatisfy(path -> assertThat(path.getBackend().getService().getPort()
                            .getNumber()).isEqualTo(80)));
        }

        @Test
        void nothingForPrometheusOrGrafanaIsRenderedByDefault() {
            Manifests defaults = ChartRendering.renderDefaults();

            assertThat(defaults.kinds()).doesNotContain("ServiceMonitor", "PrometheusRule");
            assertThat(defaults.all(io.fabric8.kubernetes.api.model.ConfigMap.class)).isEmpty();
        }

        @Test
        void theServiceMonitorScrapesTheMetricsPortOfThisReleasesService() {
            Manifests manifests = ChartRendering.render(null, Map.of("metrics.serviceMonitor.enabled", true,
                    "metrics.serviceMonitor.labels.release", "kube-prometheus-stack"));
            var monitor = generic(manifests, "ServiceMonitor");

            assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
            Map<String, Object> endpoint = monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
            assertThat(endpoint).containsEntry("port", "metrics").containsEntry("path", "/actuator/prometheus")
                    .containsEntry("honorLabels", true).containsEntry("interval", "30s");
            Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
            assertThat(manifests.one(Service.class).getMetadata().getLabels()).containsAllEntriesOf(selected);
            assertThat(monitor.<List<String>>get("spec", "namespaceSelector", "matchNames"))
                    .containsExactly(ChartRendering.RELEASE_NAMESPACE);
        }

        @Test
        void everyAlertHasASeveritySummaryADescriptionAndALinkToTheConsole() {
            Manifests manifests = ChartRendering.render(null, Map.of("metrics.prometheusRule.enabled", true,
                    "metrics.prometheusRule.consoleUrl", "https://console.example.com"));
            var rule = generic(manifests, "PrometheusRule");

            List<Map<String, Object>> groups = rule.get("spec", "groups");
            List<Map<String, Object>> alerts = groups.stream()
                    .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
            assertThat(alerts).hasSizeGreaterThanOrEqualTo(8).allSatisfy(alert -> {
                assertThat((String) alert.get("alert")).startsWith("ModelcarConsole");
                assertThat((Map<String, String>) alert.get("labels")).containsKey("severity");
                Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
                assertThat(annotations.get("summary")).isNotBlank();
                assertThat(annotations.get("description")).as("says what to do").hasSizeGreaterThan(80);
                assertThat(annotations.get("console_url")).startsWith("https://console.example.com/");
            });
        }

        @Test
        void withoutAConsoleUrlTheAlertsLinkToTheIngressHostOrElseTheService() {
            var behindIngress = generic(ChartRendering.render(ChartRendering.valuesFile(tmp, """
                    metrics: {prometheusRule: {enabled: true}}
                    ingress:
                      enabled: true
                      hosts: [{host: models.example.com, paths: [{path: /, pathType: Prefix}]}]
                      tls: [{secretName: models-tls, hosts: [models.example.com]}]
                    """), Map.of()), "PrometheusRule");
            var inCluster = generic(ChartRendering.render(null, Map.of("metrics.prometheusRule.enabled", true)),
                    "PrometheusRule");

            assertThat(firstConsoleUrl(behindIngress)).isEqualTo("https://models.example.com/");
            assertThat(firstConsoleUrl(inCluster)).isEqualTo("http://" + FULLNAME + "."
                    + ChartRendering.RELEASE_NAMESPACE + ".svc:80/");
        }

        @Test
        void theDashboardIsAConfigMapTheGrafanaSidecarFinds() {
            Manifests manifests = ChartRendering.render(null, Map.of("metrics.grafanaDashboard.enabled", true,
                    "metrics.grafanaDashboard.namespace", "monitoring",
                    "metrics.grafanaDashboard.annotations.grafana_folder", "Modelcars"));
            var dashboard = manifests.one(io.fabric8.kubernetes.api.model.ConfigMap.class);

            assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
            assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
            assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Modelcars");
            assertThat(dashboard.getData().get("modelcar-console.json")).isEqualTo(readDashboard().strip());
        }

        @Test
        void allOfItRendersTogether() {
            assertThat(ChartRendering.render(null, ALL_ON).kinds()).contains("ServiceMonitor", "PrometheusRule",
                    "ConfigMap");
        }

        @Test
        void badMetricsValuesAreRefusedBeforeInstall() {
            assertThatThrownBy(() -> ChartRendering.template(null, Map.of("metrics.port", 8080)))
                    .hasMessageContaining("schema").hasMessageContaining("port");
            assertThatThrownBy(() -> ChartRendering.template(null, Map.of("metrics.prometheusRule.consoleUrl",
                    "console.example.com/"))).hasMessageContaining("schema").hasMessageContaining("consoleUrl");
            assertThatThrownBy(() -> ChartRendering.template(null, Map.of("metrics.serviceMonitor.interval",
                    "often"))).hasMessageContaining("schema").hasMessageContaining("interval");
        }

        private static io.fabric8.kubernetes.api.model.GenericKubernetesResource generic(Manifests manifests,
                String kind) {
            return manifests.all(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class).stream()
                    .filter(o -> o.getKind().equals(kind)).findFirst()
                    .orElseThrow(() -> new AssertionError("No " + kind + " in " + manifests.kinds()));
        }

        @SuppressWarnings("unchecked")
        private static String firstConsoleUrl(io.fabric8.kubernetes.api.model.GenericKubernetesResource rule) {
            List<Map<String, Object>> groups = rule.get("spec", "groups");
            Map<String, Object> alert = ((List<Map<String, Object>>) groups.get(0).get("rules")).get(0);
            return ((Map<String, String>) alert.get("annotations")).get("console_url");
        }

        private static String readDashboard() {
            try {
                return Files.readString(ChartRendering.CHART.resolve("dashboards/modelcar-console.json"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Nested
    class Users {

        @Test
        void consoleConfigurationIsASecretWithTheKServeNamespaceAndNoPlainPasswords() {
            Manifests manifests = renderNonDefault();

            Map<String, Object> config = applicationYaml(manifests);
            assertThat(path(config, "console", "kubernetes", "kserve-namespace")).isEqualTo("ml-serving");
            assertThat(path(config, "console", "kubernetes", "controller-name")).isEqualTo("kserve-controller");
            assertThat(path(config, "console", "kubernetes", "controller-label")).isEqualTo("app=kserve-controller");
            assertThat(path(config, "console", "kubernetes", "request-timeout")).isEqualTo("20s");
            assertThat(path(config, "console", "environment")).isEqualTo("test");
            List<Map<String, Object>> users = users(config);
            assertThat(users).extracting(u -> u.get("name")).containsExactly("platform-admin", "alice", "bob");
            assertThat(users.get(0).get("password")).isEqualTo("${CONSOLE_ADMIN_PASSWORD_HASH}");
            assertThat(users.get(1)).containsEntry("password", "{bcrypt}" + SANDBOX_HASH)
                    .containsEntry("roles", List.of("operator"));
            assertThat(users.get(2)).containsEntry("password", "{bcrypt}" + SANDBOX_HASH)
                    .containsEntry("roles", List.of("viewer"));
            assertThat(manifests.kinds()).doesNotContain("ConfigMap");
        }

        @Test
        void configurationReachesTheConsoleAsAnAdditionalConfigLocation() {
            Deployment deployment = ChartRendering.renderDefaults().one(Deployment.class);
            Container console = console(deployment);

            assertThat(console.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("SPRING_CONFIG_ADDITIONAL_LOCATION");
                assertThat(e.getValue()).isEqualTo("file:/config/application.yaml");
            });
            assertThat(console.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/config");
                assertThat(volume(deployment, m.getName()).getSecret().getSecretName())
                        .isEqualTo(FULLNAME + "-config");
            });
            assertThat(env(console, "CONSOLE_ADMIN_PASSWORD_HASH").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(FULLNAME + "-admin");
        }

        @Test
        void withoutAPasswordAnAdminPasswordIsGeneratedAndStoredHashedForTheConsole() {
            Secret admin = ChartRendering.renderDefaults().find(Secret.class, FULLNAME + "-admin").orElseThrow();

            String password = decode(admin, "password");
            assertThat(password).hasSize(24).matches("[A-Za-z0-9]+");
            assertThat(decode(admin, "username")).isEqualTo("admin");
            String hash = decode(admin, "passwordHash");
            assertThat(hash).startsWith("{bcrypt}$2a$");
            assertThat(new BCryptPasswordEncoder().matches(password, hash.substring("{bcrypt}".length()))).isTrue();
            assertThat(admin.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        }

        @Test
        void generatedPasswordsDifferBetweenInstalls() {
            String first = decode(ChartRendering.renderDefaults().find(Secret.class, FULLNAME + "-admin")
                    .orElseThrow(), "password");
            String second = decode(ChartRendering.renderDefaults().find(Secret.class, FULLNAME + "-admin")
                    .orElseThrow(), "password");

            assertThat(first).isNotEqualTo(second);
        }

        @Test
        void anUpgradeKeepsTheGeneratedPassword() {
            var secrets = ChartRendering.CLUSTER.client().secrets().inNamespace(ChartRendering.RELEASE_NAMESPACE);
            Secret existing = secrets.resource(new SecretBuilder().withNewMetadata().withName(FULLNAME + "-admin")
                    .endMetadata()
                    .addToData("username", encode("admin"))
                    .addToData("password", encode("KeptAcrossUpgrades123456"))
                    .addToData("passwordHash", encode("{bcrypt}" + SANDBOX_HASH))
                    .build()).create();
            try {
                Secret admin = ChartRendering.renderDefaults().find(Secret.class, FULLNAME + "-admin").orElseThrow();

                assertThat(decode(admin, "password")).isEqualTo("KeptAcrossUpgrades123456");
                assertThat(decode(admin, "passwordHash")).isEqualTo("{bcrypt}" + SANDBOX_HASH);
            } finally {
                secrets.resource(existing).delete();
            }
        }

        @Test
        void aGivenPasswordHashIsUsedAndNoPasswordIsGenerated() {
            Secret admin = renderNonDefault().find(Secret.class, FULLNAME + "-admin").orElseThrow();

            assertThat(admin.getData()).doesNotContainKey("password");
            assertThat(decode(admin, "username")).isEqualTo("platform-admin");
            assertThat(decode(admin, "passwordHash")).isEqualTo("{bcrypt}" + SANDBOX_HASH);
        }

        @Test
        @SuppressWarnings("unchecked")
        void oidcSettingsReachTheConsoleAndTheClientSecretComesFromTheExistingSecretOnly() {
            Manifests manifests = renderNonDefault();

            Map<String, Object> config = applicationYaml(manifests);
            assertThat(path(config, "console", "security", "oidc", "issuer-uri"))
                    .isEqualTo("https://sso.example.com/realms/ml");
            assertThat(path(config, "console", "security", "oidc", "client-id")).isEqualTo("modelcar-console");
            assertThat(path(config, "console", "security", "oidc", "client-secret"))
                    .isEqualTo("${CONSOLE_OIDC_CLIENT_SECRET}");
            assertThat(path(config, "console", "security", "oidc", "groups-claim")).isEqualTo("realm_access.roles");
            assertThat(path(config, "console", "security", "oidc", "default-role")).isEqualTo("viewer");
            assertThat((Map<String, Object>) path(config, "console", "security", "oidc", "role-mappings"))
                    .containsEntry("[platform-admins]", "admin").containsEntry("[/ml/operators]", "operator");
            var ref = env(console(manifests.one(Deployment.class)), "CONSOLE_OIDC_CLIENT_SECRET").getValueFrom()
                    .getSecretKeyRef();
            assertThat(ref.getName()).isEqualTo("console-oidc");
            assertThat(ref.getKey()).isEqualTo("secret");
        }

        @Test
        void recordConfigMapNamesReachTheConsoleAsTheRbacNamesThem() {
            Map<String, Object> config = applicationYaml(renderNonDefault());

            assertThat(path(config, "console", "storage-initializer", "history-config-map"))
                    .isEqualTo("console-history");
            assertThat(path(config, "console", "rollout", "records-config-map")).isEqualTo("console-restarts");
        }

        @Test
        @SuppressWarnings("unchecked")
        void withoutOidcThereIsNoOidcConfiguration() {
            Manifests manifests = ChartRendering.renderDefaults();

            assertThat((Map<String, Object>) path(applicationYaml(manifests), "console", "security"))
                    .doesNotContainKey("oidc");
            assertThat(console(manifests.one(Deployment.class)).getEnv())
                    .noneMatch(e -> e.getName().equals("CONSOLE_OIDC_CLIENT_SECRET"));
        }
    }

    @Nested
    class Schema {

        @Test
        void replicaCountMustBeANumber() {
            assertRejected(Map.of("replicaCount", "two"), "replicaCount");
        }

        @Test
        void environmentMustBeAKnownClass() {
            assertRejected(Map.of("console.environment", "prod-ish"), "environment");
        }

        @Test
        void servicePortMustBeAPort() {
            assertRejected(Map.of("service.port", -1), "port");
            assertRejected(Map.of("service.port", 70000), "port");
        }

        @Test
        void usersNeedBcryptHashesNeverPlainPasswords() {
            assertRejected(Map.of("console.users[0].name", "alice", "console.users[0].passwordHash", "secret123"),
                    "passwordHash");
            assertRejected(Map.of("console.admin.passwordHash", "admin"), "passwordHash");
        }

        @Test
        void rolesMustBeKnown() {
            assertRejected(Map.of("console.users[0].name", "alice", "console.users[0].passwordHash", SANDBOX_HASH,
                    "console.users[0].roles[0]", "root"), "roles");
        }

        @Test
        void kserveNamespaceMustBeANamespaceName() {
            assertRejected(Map.of("kserve.namespace", "KServe_NS"), "namespace");
        }

        @Test
        void oidcNeedsAnIssuer() {
            assertRejected(Map.of("console.oidc.enabled", true), "issuerUri");
        }

        @Test
        void oidcRoleMappingsMustNameKnownRoles() {
            assertRejected(Map.of("console.oidc.roleMappings.admins", "superuser"), "roleMappings");
        }

        @Test
        void unknownValuesAreRefused() {
            assertRejected(Map.of("replicas", 2), "replicas");
        }

        @Test
        void validNonDefaultValuesPass() {
            assertThat(renderNonDefault().objects()).isNotEmpty();
        }

        private void assertRejected(Map<String, Object> sets, String field) {
            assertThatThrownBy(() -> ChartRendering.template(null, sets))
                    .hasMessageContaining("schema")
                    .hasMessageContaining(field);
        }
    }

    private Manifests renderNonDefault() {
        return ChartRendering.render(ChartRendering.valuesFile(tmp, NON_DEFAULT_VALUES), Map.of());
    }

    static Container console(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("console")).findFirst().orElseThrow();
    }

    static Volume volume(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No env " + name));
    }

    static Map<String, Object> applicationYaml(Manifests manifests) {
        Secret config = manifests.find(Secret.class, FULLNAME + "-config").orElseThrow();
        String yaml = config.getStringData() != null ? config.getStringData().get("application.yaml")
                : decode(config, "application.yaml");
        return new Yaml().load(yaml);
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            assertThat(current).as("at %s", key).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> users(Map<String, Object> config) {
        return (List<Map<String, Object>>) path(config, "console", "security", "users");
    }

    static String decode(Secret secret, String key) {
        assertThat(secret.getData()).containsKey(key);
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
