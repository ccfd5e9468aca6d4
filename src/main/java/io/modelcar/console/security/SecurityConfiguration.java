package io.modelcar.console.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.web.ProblemTypes;

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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
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

    static final java.net.URI LOGIN_THROTTLED = ProblemTypes.of("login-throttled");

    private final ConsoleSecurityProperties properties;
    private final JwtDecoder jwtDecoder;
    private final ClientRegistrationRepository clientRegistrations;

    SecurityConfiguration(ConsoleSecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
            ObjectProvider<ClientRegistrationRepository> clientRegistrations) {
        this.properties = properties;
        this.jwtDecoder = jwtDecoder.getIfAvailable();
        this.clientRegistrations = clientRegistrations.getIfAvailable();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        AuthenticationEntryPoint entryPoint = apiEntryPoint(jwtDecoder != null);
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(Roles.VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(Roles.VIEWER)
                        .anyRequest().hasRole(Roles.OPERATOR))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(apiAccessDenied()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                // issue 14, point 5: a browser's cross-site write is refused before any credential is looked at
                .addFilterAfter(new CrossSiteApiWrites(), HeaderWriterFilter.class);
        if (jwtDecoder != null) {
            // its own manager: the chain's manager only knows local users
            JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder);
            jwtProvider.setJwtAuthenticationConverter(OidcConfiguration.jwtAuthentication(properties.oidc()));
            http.oauth2ResourceServer(rs -> rs
                    .jwt(jwt -> jwt.authenticationManager(new ProviderManager(jwtProvider)))
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(apiAccessDenied()));
        }
        return commonHeaders(http).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, AuthenticationManager authenticationManager)
            throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(new ManagementPortScrape()).permitAll()
                        .anyRequest().hasRole(Roles.ADMIN))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(apiEntryPoint(false)))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(apiEntryPoint(false))
                        .accessDeniedHandler(apiAccessDenied()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return commonHeaders(http).build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain browserChain(HttpSecurity http, AuthenticationProvider localUsers,
            StatelessBrowserSessions sessions) throws Exception {
        sessions.apply(http, clientRegistrations != null);
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/assets/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(Roles.VIEWER)
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

    /**
     * 401 as a Problem with a challenge for every scheme the API accepts; never a redirect. Browsers get no Basic
     * challenge (it would make them ask for, and then cache and send, credentials for any site's requests; issue 14,
     * point 5), but a challenge of a scheme they do not prompt for. A locked-out sign-in is a 429 with
     * {@code Retry-After}.
     */
    static AuthenticationEntryPoint apiEntryPoint(boolean bearer) {
        return (request, response, ex) -> {
            if (ex instanceof LoginThrottledException throttled) {
                response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                writeProblem(request, response, 429, LOGIN_THROTTLED, "Too many failed sign-ins",
                        "Too many failed sign-ins for this user or from this address; try again after "
                                + throttled.retryAfterSeconds() + " s.");
                return;
            }
            response.setHeader("WWW-Authenticate", CrossSiteApiWrites.fromBrowser(request)
                    ? "Console realm=\"modelcar-console\"" : "Basic realm=\"modelcar-console\"");
            if (bearer) {
                response.addHeader("WWW-Authenticate", "Bearer realm=\"modelcar-console\"");
            }
            writeProblem(request, response, HttpServletResponse.SC_UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                    "Unauthorized", "Authentication is required: use HTTP Basic or a bearer token.");
        };
    }

    static AccessDeniedHandler apiAccessDenied() {
        return (request, response, ex) -> writeProblem(request, response, HttpServletResponse.SC_FORBIDDEN,
                ProblemTypes.FORBIDDEN, "Forbidden", "Your role does not allow this request.");
    }

    static void writeProblem(HttpServletRequest request, HttpServletResponse response, int status,
            java.net.URI type, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + jsonEscape(request.getRequestURI()) + "\"}");
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
