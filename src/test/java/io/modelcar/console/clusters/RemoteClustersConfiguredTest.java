package io.modelcar.console.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * The {@code clusters} health exists only with remote clusters, however they are configured: in a file, or as
 * environment variables (a Deployment's {@code env}), which a plain property lookup of
 * {@code console.clusters.remote[0].name} would not find.
 */
class RemoteClustersConfiguredTest {

    static boolean matches(org.springframework.core.env.ConfigurableEnvironment environment) {
        ConditionContext context = org.mockito.Mockito.mock(ConditionContext.class);
        org.mockito.Mockito.when(context.getEnvironment()).thenReturn(environment);
        return new ClustersConfiguration.RemoteClustersConfigured().getMatchOutcome(context, null).isMatch();
    }

    @Test
    void whenNoRemoteClusterIsConfiguredThenNoClustersHealth() {
        assertThat(matches(new MockEnvironment().withProperty("console.clusters.default-name", "home"))).isFalse();
    }

    @Test
    void whenARemoteClusterIsConfiguredInAFileOrAsEnvironmentVariablesThenTheClustersHealthExists() {
        assertThat(matches(new MockEnvironment().withProperty("console.clusters.remote[0].name", "staging")))
                .isTrue();
        StandardEnvironment fromEnv = new StandardEnvironment();
        fromEnv.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("CONSOLE_CLUSTERS_REMOTE_0_NAME", "staging")));
        ConfigurationPropertySources.attach(fromEnv);
        assertThat(matches(fromEnv)).isTrue();
    }
}
