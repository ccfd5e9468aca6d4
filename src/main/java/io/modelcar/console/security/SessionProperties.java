package io.modelcar.console.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The browser's login, kept in a sealed cookie instead of a server-side session, so that any replica answers any
 * request.
 *
 * @param keys        base64 AES keys (32 bytes recommended), the sealing key first; every key opens. Several
 *                    replicas need the same keys (the Helm chart generates one into a Secret and keeps it). Empty:
 *                    a random key per process, so logins are lost on restart and not shared between replicas
 * @param idleTimeout a login not used for this long ends (the cookie is renewed while it is used)
 * @param maxLifetime a login ends this long after it began, used or not
 */
@ConfigurationProperties("console.security.session")
public record SessionProperties(
        @DefaultValue List<String> keys,
        @DefaultValue("30m") Duration idleTimeout,
        @DefaultValue("12h") Duration maxLifetime) {
}
