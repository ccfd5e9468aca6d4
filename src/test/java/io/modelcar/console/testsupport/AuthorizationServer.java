package io.modelcar.console.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real OAuth2 / OpenID Connect provider for tests: Spring Authorization Server in its own Spring context on a
 * random port of {@code localhost} (the console under test runs on {@code 127.0.0.1}, so their session cookies do
 * not mix). Users sign in with its form; tokens carry a {@code groups} claim.
 *
 * <ul>
 * <li>users: {@code alice}/{@code alice-pw} in group {@code console-operators}; {@code bob}/{@code bob-pw} in
 * {@code console-viewers}; {@code mallory}/{@code mallory-pw} in no mapped group</li>
 * <li>client {@code console}/{@code console-secret}: authorization code (the console's browser login)</li>
 * <li>client {@code automation}/{@code automation-secret}: client credentials, groups {@code console-operators};
 * client {@code reader}/{@code reader-secret}: client credentials, groups {@code console-viewers}</li>
 * </ul>
 */
public final class AuthorizationServer implements AutoCloseable {

    /** The audience of every access token it issues: the console's client id. */
    public static final String CONSOLE_AUDIENCE = "console";


    public static final Map<String, List<String>> GROUPS = Map.of(
            "alice", List.of("console-operators", "staff"),
            "bob", List.of("console-viewers"),
            "mallory", List.of("staff"),
            "automation", List.of("console-operators"),
            "reader", List.of("console-viewers"));

    /** Where the console's login callback is; set by the test once the console's port is known. */
    static volatile String consoleRedirectUri = "http://127.0.0.1/login/oauth2/code/oidc";

    private final ConfigurableApplicationContext context;

    private AuthorizationServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static AuthorizationServer start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "spring.config.name=authorization-server",
                        "spring.main.banner-mode=off", "management.endpoints.enabled-by-default=false",
                        "springdoc.api-docs.enabled=false", "springdoc.swagger-ui.enabled=false",
                        "spring.jmx.enabled=false")
                .run();
        return new AuthorizationServer(context);
    }

    /** The issuer: {@code http://localhost:<port>}. */
    public String issuer() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Points the console's single sign-on at this provider: client {@code console}, groups {@code console-operators}
     * as operators and {@code console-viewers} as viewers.
     */
    public void registerConsole(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("console.security.oidc.issuer-uri", this::issuer);
        registry.add("console.security.oidc.client-id", () -> "console");
        registry.add("console.security.oidc.client-secret", () -> "console-secret");
        registry.add("console.security.oidc.role-mappings.console-operators", () -> "operator");
        registry.add("console.security.oidc.role-mappings.console-viewers", () -> "viewer");
    }

    public void consoleRedirectUri(String uri) {
        consoleRedirectUri = uri;
    }

    /**
     * Signs {@code user} in to the console at {@code consoleBase} through this provider in a new page of
     * {@code browser} (the console's "Sign in with single sign-on", then the provider's form); the page is back on
     * the console, signed in.
     */
    public Page signIn(Browser browser, String consoleBase, String user, String password) {
        Page page = browser.newPage();
        page.navigate(consoleBase + "/login");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with single sign-on")).click();
        page.waitForURL(url -> url.startsWith(issuer()));
        page.getByLabel("Username").fill(user);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        try {
            page.waitForURL(url -> url.startsWith(consoleBase) && !url.contains("/login"));
        } catch (RuntimeException e) {
            throw new AssertionError("single sign-on did not come back: at " + page.url() + ": "
                    + page.locator("body").textContent(), e);
        }
        return page;
    }

    @Override
    public void close() {
        context.close();
    }

    /** The provider's beans; not a {@code @Configuration}, so the console's component scan never picks it up. */
    @EnableAutoConfiguration
    static class App {

        @Bean
        SecurityFilterChain provider(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                    .oauth2AuthorizationServer(as -> as.oidc(Customizer.withDefaults()))
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
                    User.withUsername("bob").password("{noop}bob-pw").roles("USER").build(),
                    User.withUsername("mallory").password("{noop}mallory-pw").roles("USER").build());
        }

        @Bean
        RegisteredClientRepository clients() {
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient registeredClient) {
                    // the provider re-saves clients to upgrade their secret's encoding: the fixed ones are enough
                }

                @Override
                public RegisteredClient findById(String id) {
                    return findByClientId(id);
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    return switch (clientId) {
                        case "console" -> RegisteredClient.withId("console").clientId("console")
                                .clientSecret("{noop}console-secret")
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                                .redirectUri(consoleRedirectUri)
                                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                                .build();
                        case "automation", "reader" -> RegisteredClient.withId(clientId).clientId(clientId)
                                .clientSecret("{noop}" + clientId + "-secret")
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                                .scope("console")
                                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5))
                                        .build())
                                .build();
                        default -> null;
                    };
                }
            };
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> groupsClaim() {
            return context -> {
                String name = context.getPrincipal().getName();
                List<String> groups = GROUPS.get(name);
                if (groups != null) {
                    context.getClaims().claim("groups", groups);
                }
                if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                    // access tokens are for the console's API, as an identity provider issues them for a resource
                    // (the console requires its client id in aud: issue 14, point 13)
                    context.getClaims().audience(
                            List.of(CONSOLE_AUDIENCE, context.getRegisteredClient().getClientId()));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> jwkSource() {
            KeyPair keys = rsa();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }
    }

    /** A fresh RSA key pair (also used by tests to sign tokens the provider never issued). */
    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
