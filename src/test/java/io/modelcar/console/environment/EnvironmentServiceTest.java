package io.modelcar.console.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvironmentServiceTest {

    MockKubernetesApi api;
    KubernetesClient client;
    KServeDiscovery discovery;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void seed() {
        api = MockKubernetesApi.start();
        client = api.client();
        new KServeSeed(client).kserve(KServeSeed.CONTROLLER_IMAGE);
        discovery = new KServeDiscovery(client, new KubernetesProperties(null, null, false, Duration.ofSeconds(10),
                null, "control-plane=kserve-controller-manager", KServeSeed.CONFIG_MAP), java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void whenTheNamespaceHasNoLabelThenThePropertyDecides() {
        EnvironmentService service = new EnvironmentService(client, discovery, "production", clock);

        assertThat(service.current()).isEqualTo(EnvironmentClass.PRODUCTION);
        assertThat(service.environment().source()).isEqualTo("property");
    }

    @Test
    void whenTheLabelChangesThenItTakesEffectWithinSecondsWithoutAList() {
        EnvironmentService service = new EnvironmentService(client, discovery, "test", clock);
        assertThat(service.current()).isEqualTo(EnvironmentClass.TEST);

        label("production");
        assertThat(service.current()).as("cached for a moment").isEqualTo(EnvironmentClass.TEST);
        clock.advance(EnvironmentService.CACHE_FOR);
        api.clearRequests();

        assertThat(service.current()).isEqualTo(EnvironmentClass.PRODUCTION);
        assertThat(service.environment().source()).isEqualTo("label");
        assertThat(api.listRequests("namespaces")).isZero();
        assertThat(api.count("GET", p -> p.startsWith("/api/v1/namespaces/kserve"))).isEqualTo(1);
    }

    @Test
    void whenTheLabelIsNotAKnownClassThenItCountsAsProduction() {
        label("prod");

        EnvironmentService service = new EnvironmentService(client, discovery, "test", clock);

        assertThat(service.current()).isEqualTo(EnvironmentClass.PRODUCTION);
        assertThat(service.environment().detail()).contains("treated as production");
    }

    @Test
    void whenTheApiServerDoesNotAnswerThenTheLastAnswerStays() {
        label("staging");
        EnvironmentService service = new EnvironmentService(client, discovery, "test", clock);
        assertThat(service.current()).isEqualTo(EnvironmentClass.STAGING);

        api.answerWith(503);
        clock.advance(Duration.ofMinutes(1));
        try {
            assertThat(service.current()).isEqualTo(EnvironmentClass.STAGING);
        } finally {
            api.answerNormally();
        }
    }

    @Test
    void whenTheApiServerFailsTheReadThenTheLastAnswerStaysToo() {
        label("staging");
        EnvironmentService service = new EnvironmentService(client, discovery, "test", clock);
        assertThat(service.current()).isEqualTo(EnvironmentClass.STAGING);

        api.answerNext(1, 500, "GET", p -> p.startsWith("/api/v1/namespaces/" + KServeSeed.NAMESPACE),
                "etcdserver: request timed out");
        clock.advance(Duration.ofMinutes(1));

        assertThat(service.current()).isEqualTo(EnvironmentClass.STAGING);
    }

    @Test
    void whenThePropertyIsNotAClassThenStartUpFails() {
        assertThatThrownBy(() -> new EnvironmentService(client, discovery, "qa", clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test, staging or production");
    }

    private void label(String value) {
        client.namespaces().withName(KServeSeed.NAMESPACE).edit(ns -> {
            ns.getMetadata().getLabels().put(EnvironmentService.LABEL, value);
            return ns;
        });
    }
}
