package io.modelcar.console.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.modelcar.console.kubernetes.KubernetesProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * A remote cluster's environment: the root's properties with the cluster's own KServe settings and environment class
 * on top, and the root's connection blanked, as Spring Boot's binder reads them (a root environment of a Spring Boot
 * application has its property sources attached as one {@code configurationProperties} source, which the binder
 * prefers to the individual sources).
 */
class ClusterContextFactoryTest {

    @Test
    void whenTheRootHasItsOwnKServeSettingsThenTheRemoteClustersOwnWinForTheBinder() {
        StandardEnvironment root = new StandardEnvironment();
        root.getPropertySources().addFirst(new MapPropertySource("root", Map.of(
                "console.kubernetes.master-url", "https://home.example:6443",
                "console.kubernetes.kserve-namespace", "kserve-home",
                "console.kubernetes.controller-name", "home-controller",
                "console.kubernetes.request-timeout", "3s",
                "console.environment", "production")));
        ConfigurationPropertySources.attach(root);
        ClustersProperties.Remote remote = new ClustersProperties.Remote("staging", "https://staging.example:6443",
                "/token", "/ca.crt", null, null, false, "kserve-staging", "staging-controller", "staging", null);

        ConfigurableEnvironment environment = ClusterContextFactory.environment(root, remote);

        KubernetesProperties kubernetes = Binder.get(environment).bindOrCreate("console.kubernetes",
                Bindable.of(KubernetesProperties.class));
        assertThat(kubernetes.kserveNamespace()).isEqualTo("kserve-staging");
        assertThat(kubernetes.controllerName()).isEqualTo("staging-controller");
        assertThat(kubernetes.masterUrl()).as("the root's connection never reaches another cluster").isBlank();
        assertThat(kubernetes.requestTimeout()).as("the rest is the root's").hasSeconds(3);
        assertThat(Binder.get(environment).bind("console.environment", String.class).get()).isEqualTo("staging");
        assertThat(environment.getProperty("console.kubernetes.kserve-namespace")).isEqualTo("kserve-staging");
    }
}
