package io.modelcar.console.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With the KServe namespace and controller name configured (as the Helm chart does), discovery reads the one
 * Deployment by name: the chart's Role grants {@code get} on it by resourceNames, and a LIST of Deployments would be
 * refused.
 */
class KServeDiscoveryByNameTest {

    static MockKubernetesApi api;

    @BeforeAll
    static void seed() {
        api = MockKubernetesApi.start();
        new KServeSeed(api.client()).kserve(KServeSeed.CONTROLLER_IMAGE);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void forgetRequests() {
        api.clearRequests();
    }

    @Test
    void whenNamespaceAndNameAreConfiguredThenTheControllerIsReadByNameWithoutListing() {
        KServeInstallation installation = discovery("kserve-controller-manager").discover();

        assertThat(installation.controllerName()).isEqualTo("kserve-controller-manager");
        assertThat(installation.versionText()).isEqualTo("v0.20.0");
        assertThat(api.listRequests("deployments")).isZero();
        assertThat(api.count("GET", p -> p.startsWith(
                "/apis/apps/v1/namespaces/kserve/deployments/kserve-controller-manager"))).isEqualTo(1);
    }

    @Test
    void whenTheNamedControllerIsAbsentThenNoControllerIsFound() {
        KServeInstallation installation = discovery("no-such-controller").discover();

        assertThat(installation.controllerFound()).isFalse();
        assertThat(installation.namespace()).isEqualTo("kserve");
    }

    @Test
    void whenNoNameIsConfiguredThenTheControllerIsFoundByLabel() {
        KServeInstallation installation = discovery(null).discover();

        assertThat(installation.controllerName()).isEqualTo("kserve-controller-manager");
        assertThat(api.listRequests("deployments")).isEqualTo(1);
    }

    /**
     * An API server that answers but fails the read (etcd timing out: a 500) is told like an unreachable one once an
     * answer is known: the last installation, not a failure of every page that asks for it.
     */
    @Test
    void whenTheApiServerFailsTheReadThenTheLastInstallationIsKept() {
        io.modelcar.console.testsupport.MutableClock clock = new io.modelcar.console.testsupport.MutableClock(
                java.time.Instant.parse("2026-12-01T12:00:00Z"));
        KServeDiscovery discovery = discovery("kserve-controller-manager", clock);
        KServeInstallation known = discovery.installation();
        clock.advance(Duration.ofMinutes(1));
        api.answerWith(500, p -> p.contains("/deployments"));
        try {
            assertThat(discovery.installation()).isEqualTo(known);
            assertThat(api.count("GET", p -> p.contains("/deployments/"))).isGreaterThan(1);
        } finally {
            api.answerNormally();
        }
    }

    @Test
    void theChartsPropertiesBindToTheNamedLookup() {
        KubernetesProperties bound = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(java.util.Map.of(
                        "console.kubernetes.kserve-namespace", "ml-serving",
                        "console.kubernetes.controller-name", "kserve-controller")))
                .bind("console.kubernetes", KubernetesProperties.class).get();

        assertThat(bound.kserveNamespace()).isEqualTo("ml-serving");
        assertThat(bound.controllerName()).isEqualTo("kserve-controller");
        assertThat(bound.configMapName()).isEqualTo("inferenceservice-config");
        assertThat(bound.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    private static KServeDiscovery discovery(String controllerName) {
        return discovery(controllerName, java.time.Clock.systemUTC());
    }

    private static KServeDiscovery discovery(String controllerName, java.time.Clock clock) {
        KubernetesProperties properties = new KubernetesProperties(api.url(), null, false, Duration.ofSeconds(5),
                "kserve", "control-plane=kserve-controller-manager", "inferenceservice-config", controllerName,
                KubernetesProperties.DEFAULT_USER_AGENT);
        return new KServeDiscovery(api.client(), properties, clock);
    }
}
