package io.modelcar.console.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The OpenAPI document ({@code /v3/api-docs}) is read by two audiences: automation with API credentials (HTTP Basic
 * or a bearer token, as on {@code /api/**}: the same {@link ApiCredentials}) and Swagger UI in a signed-in browser
 * (its sealed login cookie, read only). Both reach it; without either the answer is a 401 Problem, never a redirect
 * to the login page.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain apiDocsChain(HttpSecurity http, AuthenticationManager authenticationManager,
            ApiCredentials credentials, StatelessBrowserSessions sessions) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml");
        sessions.readLogin(http).authorizeHttpRequests(auth -> auth.anyRequest().hasRole(Roles.VIEWER));
        return SecurityConfiguration.commonHeaders(credentials.apply(http, authenticationManager)).build();
    }
}
