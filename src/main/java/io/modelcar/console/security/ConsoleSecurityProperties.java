package io.modelcar.console.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local users of the console and how verified credentials are cached.
 *
 * @param users              local users; none by default (production installs bring their own or use OIDC)
 * @param credentialCacheTtl how long a verified HTTP Basic credential is remembered, so that automation does not
 *                           pay a full password hash on every request; zero turns the cache off
 * @param oidc               enterprise login (OIDC for the browser, JWT bearer tokens for the API); off by default
 */
@ConfigurationProperties("console.security")
public record ConsoleSecurityProperties(
        @DefaultValue List<User> users,
        @DefaultValue("60s") Duration credentialCacheTtl,
        @DefaultValue Oidc oidc) {

    /**
     * Single sign-on through an OpenID Connect provider (Keycloak, Dex, Entra ID, Okta, ...). With only
     * {@code issuer-uri} set, the API accepts the provider's JWT access tokens; with {@code client-id} (and
     * {@code client-secret}) as well, the login page offers "Sign in with single sign-on". The provider is contacted
     * lazily, on first use, so that the console starts while it is down.
     *
     * @param issuerUri     the provider's issuer URL (its {@code /.well-known/openid-configuration} is read)
     * @param clientId      the console's client id at the provider (browser login)
     * @param clientSecret  the console's client secret (browser login)
     * @param scopes        scopes requested at login
     * @param audience      JWTs must name it in {@code aud}; defaults to {@code client-id} when that is set
     * @param usernameClaim the claim shown as the user's name (ID token / JWT)
     * @param groupsClaim   the claim holding the user's groups; a dotted path reaches into objects
     *                      ({@code realm_access.roles} for Keycloak realm roles)
     * @param roleMappings  group name to console role ({@code viewer}, {@code operator}, {@code admin}); a user gets
     *                      the highest role any of their groups maps to
     * @param defaultRole   role of a signed-in user none of whose groups is mapped; none by default (access denied)
     */
    public record Oidc(
            String issuerUri,
            String clientId,
            String clientSecret,
            @DefaultValue({"openid", "profile", "email"}) Set<String> scopes,
            String audience,
            @DefaultValue("sub") String usernameClaim,
            @DefaultValue("groups") String groupsClaim,
            @DefaultValue Map<String, String> roleMappings,
            String defaultRole) {
    }

    /**
     * A local user.
     *
     * @param name     login name
     * @param password encoded password with its id prefix, e.g. {@code {bcrypt}$2a$10$...}
     * @param roles    any of {@code viewer}, {@code operator}, {@code admin}
     */
    public record User(String name, String password, @DefaultValue("viewer") Set<String> roles) {
    }
}
