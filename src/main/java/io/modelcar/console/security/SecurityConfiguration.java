package io.modelcar.console.security;

import java.time.Clock;
import java.util.List;

import io.modelcar.console.audit.AuditLog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One filter chain per audience: automation on {@code /api/**} (stateless HTTP Basic, Problem Details, never a
 * redirect), Actuator (health open, Prometheus's scrape open on a separate management port only, the rest for
 * admins), and the browser (form login, CSRF; no HTTP session: its state travels in sealed cookies, see
 * {@link StatelessBrowserSessions}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    /**
     * Swagger UI (a third-party page) injects one fixed {@code <style>} element at run time. Its pages get the same
     * policy plus the SHA-256 of exactly that style: no {@code unsafe-inline}, nothing else allowed. When a new
     * springdoc/swagger-ui version changes the style, SwaggerUiBrowserTest fails and prints the new hash.
     */
    static final String SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";
    static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
            .replace("style-src 'self'", "style-src 'self' " + SWAGGER_UI_STYLE_HASH);

    private final ConsoleSecurityProperties properties;
    private final ClientRegistrationRepository clientRegistrations;

    SecurityConfiguration(ConsoleSecurityProperties properties,
            ObjectProvider<ClientRegistrationRepository> clientRegistrations) {
        this.properties = properties;
        this.clientRegistrations = clientRegistrations.getIfAvailable();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager authenticationManager,
            ApiCredentials credentials, ProblemResponses problems, ClusterRoles clusterRoles) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(Roles.VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(Roles.VIEWER)
                        // a promotion acts on two clusters: it checks the role on each itself (ClusterRoles)
                        .requestMatchers(HttpMethod.POST, "/api/v1/fleet/promotions").hasRole(Roles.VIEWER)
                        .anyRequest().hasRole(Roles.OPERATOR))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                // issue 14, point 5: a browser's cross-site write is refused before any credential is looked at
                .addFilterAfter(new CrossSiteApiWrites(problems), HeaderWriterFilter.class)
                // the role on the addressed cluster (console.clusters.*.roles) decides, for this request only
                .addFilterBefore(clusterRoles.filter(), AuthorizationFilter.class);
        return commonHeaders(credentials.apply(http, authenticationManager)).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, AuthenticationManager authenticationManager,
            ApiCredentials credentials) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(new ManagementPortScrape()).permitAll()
                        .anyRequest().hasRole(Roles.ADMIN))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(credentials.entryPoint(false)))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(credentials.entryPoint(false))
                        .accessDeniedHandler(credentials.accessDenied()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return commonHeaders(http).build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain browserChain(HttpSecurity http, AuthenticationProvider localUsers,
            StatelessBrowserSessions sessions, ClusterRoles clusterRoles) throws Exception {
        sessions.apply(http, clientRegistrations != null);
        http.addFilterBefore(clusterRoles.filter(), AuthorizationFilter.class);
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/assets/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(Roles.VIEWER)
                        .requestMatchers(HttpMethod.POST, "/fleet/promotions", "/fleet/promotions/preview")
                        .hasRole(Roles.VIEWER)
                        .anyRequest().hasRole(Roles.OPERATOR))
                // a provider, not the manager: OIDC login adds its own providers to this chain's manager
                .authenticationProvider(localUsers)
                .formLogin(form -> form.loginPage("/login").permitAll()
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof LoginThrottledException ? "/login?throttled" : "/login?error"))))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .csrf(Customizer.withDefaults());
        if (clientRegistrations != null) {
            http.oauth2Login(login -> login.loginPage("/login")
                    .clientRegistrationRepository(clientRegistrations)
                    .failureUrl("/login?sso-error")
                    .userInfoEndpoint(user -> user.userAuthoritiesMapper(
                            OidcConfiguration.oidcAuthorities(properties.oidc()))));
        }
        return commonHeaders(http).build();
    }

    /**
     * The same headers on every response of every chain, errors included: a strict CSP, no MIME sniffing, no
     * referrer to other origins, no framing, no caching ({@code no-store}) and HSTS on secure requests (directly over
     * TLS, or behind a proxy that sends {@code X-Forwarded-Proto: https}: see server.forward-headers-strategy).
     */
    static HttpSecurity commonHeaders(HttpSecurity http) throws Exception {
        RequestMatcher swaggerUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
        return http.headers(headers -> headers
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
                        new StaticHeadersWriter("Content-Security-Policy", SWAGGER_UI_CONTENT_SECURITY_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
                        new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY)))
                .contentTypeOptions(Customizer.withDefaults())
                .cacheControl(Customizer.withDefaults())
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .referrerPolicy(ref -> ref.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .crossOriginOpenerPolicy(coop -> coop.policy(
                        CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN))
                .frameOptions(frame -> frame.deny()));
    }

    /**
     * Requests the firewall rejects (encoded dots, semicolons, ...) become a plain 400 through the error dispatch:
     * a Problem under /api/**, the error page elsewhere, with all headers; never a logged stack trace.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new HttpStatusRequestRejectedHandler();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Roles.ADMIN).implies(Roles.OPERATOR)
                .role(Roles.OPERATOR).implies(Roles.VIEWER)
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(ConsoleSecurityProperties properties) {
        List<UserDetails> users = properties.users().stream()
                .map(u -> User.withUsername(u.name()).password(u.password())
                        .roles(u.roles().stream().map(Roles::normalize).toArray(String[]::new)).build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    AuthenticationProvider localUsers(UserDetailsService users, PasswordEncoder encoder,
            LoginThrottleProperties throttle, ObjectProvider<AuditLog> audit) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(
                new CachingAuthenticationProvider(dao, properties.credentialCacheTtl(), Clock.systemUTC()),
                new LoginThrottle(throttle, Clock.systemUTC()), audit);
    }

    @Bean
    AuthenticationManager authenticationManager(AuthenticationProvider localUsers,
            ObjectProvider<AuthenticationEventPublisher> events) {
        ProviderManager manager = new ProviderManager(localUsers);
        // failed HTTP Basic logins become events like form logins' (LoginMetrics counts them)
        events.ifAvailable(manager::setAuthenticationEventPublisher);
        return manager;
    }
}
