package io.modelcar.console.security;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local users of the console and how verified credentials are cached.
 *
 * @param users              local users; none by default (production installs bring their own or use OIDC)
 * @param credentialCacheTtl how long a verified HTTP Basic credential is remembered, so that automation does not
 *                           pay a full password hash on every request; zero turns the cache off
 */
@ConfigurationProperties("console.security")
public record ConsoleSecurityProperties(
        @DefaultValue List<User> users,
        @DefaultValue("60s") Duration credentialCacheTtl) {

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
