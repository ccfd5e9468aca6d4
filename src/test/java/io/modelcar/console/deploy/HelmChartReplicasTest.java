package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.modelcar.console.deploy.ChartRendering.Manifests;
import io.modelcar.console.security.CookieKeyRing;
import io.modelcar.console.security.SessionProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The chart runs several replicas safely: two by default, a PodDisruptionBudget, spread over nodes, rolling updates
 * that never go below the wanted ready replicas, a graceful stop, and one set of session keys for all replicas,
 * generated once and kept across upgrades.
 */
class HelmChartReplicasTest {

    static final String FULLNAME = HelmChartTest.FULLNAME;

    @Test
    void byDefaultTwoReplicasRollWithoutEverDroppingBelowTheWantedReadyOnes() {
        Deployment deployment = ChartRendering.renderDefaults().one(Deployment.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
                .isZero();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        // graceful shutdown waits up to 30 s for in-flight requests, after the preStop delay
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(30 + 5);
        assertThat(HelmChartTest.console(deployment).getLifecycle().getPreStop().getExec().getCommand())
                .containsExactly("/bin/busybox-static", "sleep", "5");
    }

    @Test
    void theReplicasAreSpreadOverNodesAndZonesWithoutBlockingScheduling() {
        Deployment deployment = ChartRendering.renderDefaults().one(Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        List<TopologySpreadConstraint> spread = deployment.getSpec().getTemplate().getSpec()
                .getTopologySpreadConstraints();
        assertThat(spread).extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(spread).allSatisfy(c -> {
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(podLabels).containsAllEntriesOf(c.getLabelSelector().getMatchLabels());
        });
    }

    @Test
    void aDisruptionBudgetKeepsOneReplicaOfThisReleaseThroughDrains() {
        Manifests manifests = ChartRendering.renderDefaults();
        PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class);
        Map<String, String> podLabels = manifests.one(Deployment.class).getSpec().getTemplate().getMetadata()
                .getLabels();

        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMaxUnavailable()).isNull();
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getSelector().getMatchLabels()).containsKey("app.kubernetes.io/instance");
    }

    @Test
    void withOneReplicaThereIsNoBudgetThatWouldBlockEveryDrain() {
        Manifests manifests = ChartRendering.render(null, Map.of("replicaCount", 1));

        assertThat(manifests.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .isNullOrEmpty();
    }

    @Test
    void everyReplicaGetsTheSameGeneratedSessionKeyAndItIsAUsableAesKey() {
        Manifests manifests = ChartRendering.renderDefaults();
        Secret keys = manifests.find(Secret.class, FULLNAME + "-session").orElseThrow();
        SecretKeySelector ref = HelmChartTest.env(HelmChartTest.console(manifests.one(Deployment.class)),
                "CONSOLE_SECURITY_SESSION_KEYS").getValueFrom().getSecretKeyRef();

        assertThat(ref.getName()).isEqualTo(FULLNAME + "-session");
        assertThat(ref.getKey()).isEqualTo("keys");
        assertThat(keys.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        String key = HelmChartTest.decode(keys, "keys");
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        // bound as the pod binds it: the environment variable from the Secret, comma-separated keys
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("pod",
                Map.of("CONSOLE_SECURITY_SESSION_KEYS", key + "," + CookieKeyRing.newKey())));
        SessionProperties bound = Binder.get(environment).bind("console.security.session", SessionProperties.class)
                .get();
        assertThat(bound.keys()).hasSize(2).first().isEqualTo(key);
        CookieKeyRing ring = CookieKeyRing.of(bound.keys());
        assertThat(ring.open("t", ring.seal("t", new byte[] {1}))).isPresent();
        String other = HelmChartTest.decode(ChartRendering.renderDefaults().find(Secret.class, FULLNAME + "-session")
                .orElseThrow(), "keys");
        assertThat(other).as("a fresh install gets a fresh key").isNotEqualTo(key);
    }

    @Test
    void anUpgradeKeepsTheSessionKeysSoNobodyIsLoggedOut() {
        String rotated = CookieKeyRing.newKey() + "," + CookieKeyRing.newKey();
        var secrets = ChartRendering.CLUSTER.client().secrets().inNamespace(ChartRendering.RELEASE_NAMESPACE);
        Secret existing = secrets.resource(new SecretBuilder().withNewMetadata().withName(FULLNAME + "-session")
                .endMetadata().addToData("keys", Base64.getEncoder().encodeToString(
                        rotated.getBytes(StandardCharsets.UTF_8))).build()).create();
        try {
            Secret keys = ChartRendering.renderDefaults().find(Secret.class, FULLNAME + "-session").orElseThrow();

            assertThat(HelmChartTest.decode(keys, "keys")).isEqualTo(rotated);
        } finally {
            secrets.resource(existing).delete();
        }
    }

    @Test
    void anExistingSecretReplacesTheGeneratedOne() {
        Manifests manifests = ChartRendering.render(null, Map.of("session.existingSecret", "platform-keys",
                "session.key", "console"));

        assertThat(manifests.find(Secret.class, FULLNAME + "-session")).isEmpty();
        SecretKeySelector ref = HelmChartTest.env(HelmChartTest.console(manifests.one(Deployment.class)),
                "CONSOLE_SECURITY_SESSION_KEYS").getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("platform-keys");
        assertThat(ref.getKey()).isEqualTo("console");
    }

    @Test
    void theLeaseAndBuildStatusNamesReachTheConsoleAsTheRbacNamesThem() {
        Manifests manifests = ChartRendering.render(null, Map.of("records.builds", "console-builds",
                "records.leaderLease", "console-leader"));
        Map<String, Object> config = HelmChartTest.applicationYaml(manifests);

        assertThat(HelmChartTest.path(config, "console", "images", "status", "config-map"))
                .isEqualTo("console-builds");
        assertThat(HelmChartTest.path(config, "console", "replicas", "lease-name")).isEqualTo("console-leader");
        assertThat(manifests.one(io.fabric8.kubernetes.api.model.rbac.Role.class).getRules())
                .anySatisfy(r -> assertThat(r.getResourceNames()).contains("console-builds"))
                .anySatisfy(r -> assertThat(r.getResourceNames()).containsExactly("console-leader"));
    }

    @Test
    void badReplicaValuesAreRefusedAtInstall() {
        assertRejected(Map.of("podDisruptionBudget.minAvailable", "half"), "minAvailable");
        assertRejected(Map.of("terminationGracePeriodSeconds", 1), "terminationGracePeriodSeconds");
        assertRejected(Map.of("session.existingSecret", "Not_A_Name"), "existingSecret");
        assertRejected(Map.of("records.leaderLease", "Bad Lease"), "leaderLease");
        assertRejected(Map.of("podDisruptionBudget.enable", true), "enable");
    }

    private static void assertRejected(Map<String, Object> sets, String field) {
        assertThatThrownBy(() -> ChartRendering.template(null, sets)).hasMessageContaining("schema")
                .hasMessageContaining(field);
    }
}
