package io.modelcar.console.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The OpenAPI document ({@code /v3/api-docs}) is read by two audiences: automation with API credentials (HTTP Basic
 * or a bearer token, as on {@code /api/**}) and Swagger UI in a signed-in browser (its sealed login cookie, read
 * only). Both reach it;
 * without either the answer is a 401 Problem, never a redirect to the login page.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain apiDocsChain(HttpSecurity http, AuthenticationManager authenticationManager,
            ObjectProvider<JwtDecoder> jwtDecoder, ConsoleSecurityProperties properties,
            StatelessBrowserSessions sessions) throws Exception {
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        AuthenticationEntryPoint entryPoint = SecurityConfiguration.apiEntryPoint(decoder != null);
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml");
        sessions.readLogin(http)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(Roles.VIEWER))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(SecurityConfiguration.apiAccessDenied()))
                .requestCache(cache -> cache.disable());
        if (decoder != null) {
            JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(decoder);
            jwtProvider.setJwtAuthenticationConverter(OidcConfiguration.jwtAuthentication(properties.oidc()));
            http.oauth2ResourceServer(rs -> rs
                    .jwt(jwt -> jwt.authenticationManager(new ProviderManager(jwtProvider)))
                    .authenticationEntryPoint(entryPoint));
        }
        return SecurityConfiguration.commonHeaders(http).build();
    }
}
