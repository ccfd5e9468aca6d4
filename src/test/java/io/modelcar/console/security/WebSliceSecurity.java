package io.modelcar.console.security;

import io.modelcar.console.kubernetes.ClusterHealthProperties;
import io.modelcar.console.kubernetes.ClusterState;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

/**
 * The console's real security configuration for {@code @WebMvcTest} slices: {@code @Import(WebSliceSecurity.class)}
 * (with the error handling it needs) and authenticate with {@code @WithMockUser(roles = "VIEWER")} and friends.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableWebSecurity
@Import({SecurityConfiguration.class, ApiCredentials.class, ProblemResponses.class, StatelessBrowserSessions.class,
        ClusterRoles.class,
        ClusterState.class})
@EnableConfigurationProperties({ConsoleSecurityProperties.class, SessionProperties.class, LoginThrottleProperties.class,
        ClusterHealthProperties.class})
public class WebSliceSecurity {
}
