package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.modelcar.console.deploy.ChartRendering.Manifests;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.security.ConsoleSecurityProperties;
import io.modelcar.console.storageinitializer.StorageInitializerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * The application.yaml the chart renders, bound as the console binds it (Spring Boot's Binder over the same property
 * sources the pod has: the mounted file and the environment variables from the Secrets): what the values say is
 * what the console's {@code @ConfigurationProperties} get.
 */
class ChartConfigBindingTest {

    static final String HASH = HelmChartTest.SANDBOX_HASH;

    @TempDir
    Path tmp;

    @Test
    void theRenderedConfigurationBindsToTheConsolesProperties() throws IOException {
        Manifests manifests = ChartRendering.render(ChartRendering.valuesFile(tmp, HelmChartTest.NON_DEFAULT_VALUES),
                Map.of());
        Binder binder = binderFor(manifests, Map.of("CONSOLE_ADMIN_PASSWORD_HASH", "{bcrypt}" + HASH,
                "CONSOLE_OIDC_CLIENT_SECRET", "from-the-secret"));

        KubernetesProperties kubernetes = binder.bind("console.kubernetes", KubernetesProperties.class).get();
        assertThat(kubernetes.kserveNamespace()).isEqualTo("ml-serving");
        assertThat(kubernetes.controllerName()).isEqualTo("kserve-controller");
        assertThat(kubernetes.controllerLabelKey()).isEqualTo("app");
        assertThat(kubernetes.requestTimeout()).hasSeconds(20);

        ConsoleSecurityProperties security = binder.bind("console.security", ConsoleSecurityProperties.class).get();
        assertThat(security.users()).extracting(ConsoleSecurityProperties.User::name)
                .containsExactly("platform-admin", "alice", "bob");
        assertThat(security.users().get(0).password()).isEqualTo("{bcrypt}" + HASH);
        assertThat(security.users().get(0).roles()).containsExactly("admin");
        assertThat(security.users().get(2).roles()).containsExactly("viewer");
        assertThat(security.oidc().issuerUri()).isEqualTo("https://sso.example.com/realms/ml");
        assertThat(security.oidc().clientSecret()).isEqualTo("from-the-secret");
        assertThat(security.oidc().roleMappings()).containsEntry("platform-admins", "admin")
                .containsEntry("/ml/operators", "operator");
        assertThat(security.oidc().groupsClaim()).isEqualTo("realm_access.roles");

        StorageInitializerProperties storage = binder.bind("console.storage-initializer",
                StorageInitializerProperties.class).get();
        assertThat(storage.historyConfigMap()).isEqualTo("console-history");
        assertThat(binder.bind("console.rollout.records-config-map", String.class).get())
                .isEqualTo("console-restarts");
        assertThat(binder.bind("console.toggles.records-config-map", String.class).get())
                .isEqualTo("console-toggles");
        assertThat(binder.bind("console.environment", String.class).get()).isEqualTo("test");
    }

    @Test
    void byDefaultTheOnlyUserIsTheGeneratedAdministrator() throws IOException {
        Manifests manifests = ChartRendering.renderDefaults();
        Secret admin = manifests.find(Secret.class, HelmChartTest.FULLNAME + "-admin").orElseThrow();
        Binder binder = binderFor(manifests, Map.of("CONSOLE_ADMIN_PASSWORD_HASH",
                HelmChartTest.decode(admin, "passwordHash")));

        ConsoleSecurityProperties security = binder.bind("console.security", ConsoleSecurityProperties.class).get();
        assertThat(security.users()).singleElement().satisfies(user -> {
            assertThat(user.name()).isEqualTo("admin");
            assertThat(user.password()).startsWith("{bcrypt}$2a$10$");
            assertThat(user.roles()).containsExactly("admin");
        });
        assertThat(security.oidc().issuerUri()).isNull();
        assertThat(binder.bind("console.kubernetes.kserve-namespace", String.class).get()).isEqualTo("kserve");
        // a cluster installed with Helm is production unless the values or the namespace label say otherwise
        assertThat(binder.bind("console.environment", String.class).get()).isEqualTo("production");
    }

    /** Remote clusters: each one's Secret mounted at its own path, and the configuration naming exactly that path. */
    @Test
    void remoteClustersGetTheirOwnSecretMountedAndTheirConnectionConfigured() throws IOException {
        Manifests manifests = ChartRendering.render(ChartRendering.valuesFile(tmp, """
                clusters:
                  defaultName: test
                  remote:
                    - name: staging
                      secret: staging-kubeconfig
                      context: staging-admin
                      environment: staging
                      roles: {users: {alice: admin}, groups: {/ml/oncall: operator}}
                    - name: production
                      secret: production-token
                      masterUrl: https://prod.example.com:6443
                      kserveNamespace: kserve-prod
                """), Map.of());
        Binder binder = binderFor(manifests, Map.of("CONSOLE_ADMIN_PASSWORD_HASH", "{bcrypt}" + HASH));

        io.modelcar.console.clusters.ClustersProperties clusters = binder.bind("console.clusters",
                io.modelcar.console.clusters.ClustersProperties.class).get();
        assertThat(clusters.defaultName()).isEqualTo("test");
        assertThat(clusters.remote()).hasSize(2);
        var staging = clusters.remote().get(0);
        assertThat(staging.kubeconfig()).isEqualTo("/etc/modelcar-console/clusters/staging/kubeconfig");
        assertThat(staging.context()).isEqualTo("staging-admin");
        assertThat(staging.masterUrl()).isNull();
        assertThat(staging.environment()).isEqualTo("staging");
        assertThat(staging.kserveNamespace()).isEqualTo("kserve");
        assertThat(staging.roles().users()).containsEntry("alice", "admin");
        assertThat(staging.roles().groups()).containsEntry("/ml/oncall", "operator");
        var production = clusters.remote().get(1);
        assertThat(production.masterUrl()).isEqualTo("https://prod.example.com:6443");
        assertThat(production.tokenFile()).isEqualTo("/etc/modelcar-console/clusters/production/token");
        assertThat(production.caFile()).isEqualTo("/etc/modelcar-console/clusters/production/ca.crt");
        assertThat(production.kserveNamespace()).isEqualTo("kserve-prod");
        assertThat(production.environment()).isEqualTo("production");

        var pod = manifests.one(io.fabric8.kubernetes.api.model.apps.Deployment.class).getSpec().getTemplate()
                .getSpec();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("cluster-staging");
            assertThat(v.getSecret().getSecretName()).isEqualTo("staging-kubeconfig");
        }).anySatisfy(v -> assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName())
                .isEqualTo("production-token"));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("cluster-production");
            assertThat(m.getMountPath()).isEqualTo("/etc/modelcar-console/clusters/production");
            assertThat(m.getReadOnly()).isTrue();
        });
    }

    private static Binder binderFor(Manifests manifests, Map<String, Object> secretEnvironment) throws IOException {
        Map<String, Object> config = HelmChartTest.applicationYaml(manifests);
        String yaml = new org.yaml.snakeyaml.Yaml().dump(config);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("secrets", secretEnvironment));
        List<org.springframework.core.env.PropertySource<?>> file = new YamlPropertySourceLoader()
                .load("application.yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        file.forEach(environment.getPropertySources()::addLast);
        return Binder.get(environment);
    }
}
