package io.modelcar.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

class BearerTokenAudienceTest {

    private static final String ISSUER = "https://sso.example.com/realms/ml";

    private static ConsoleSecurityProperties.Oidc oidc(String clientId, String audience) {
        return new ConsoleSecurityProperties.Oidc(ISSUER, clientId, clientId == null ? null : "s3cret",
                Set.of("openid"), audience, "sub", "groups", Map.of(), null);
    }

    private static Jwt token(List<String> audience) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).subject("alice")
                .issuedAt(Instant.now().minusSeconds(10)).expiresAt(Instant.now().plusSeconds(300));
        if (audience != null) {
            jwt.audience(audience);
        }
        return jwt.build();
    }

    private static boolean accepted(ConsoleSecurityProperties.Oidc oidc, Jwt jwt) {
        return !OidcConfiguration.tokenValidator(oidc).validate(jwt).hasErrors();
    }

    @Test
    void whenClientIdSetThenTokenForAnotherClientIsRefused() {
        ConsoleSecurityProperties.Oidc oidc = oidc("modelcar-console", null);

        assertThat(accepted(oidc, token(List.of("modelcar-console")))).isTrue();
        assertThat(accepted(oidc, token(List.of("billing-app")))).isFalse();
        assertThat(accepted(oidc, token(null))).isFalse();
    }

    @Test
    void whenAudienceSetThenItWinsOverTheClientId() {
        ConsoleSecurityProperties.Oidc oidc = oidc("modelcar-console", "console-api");

        assertThat(accepted(oidc, token(List.of("account", "console-api")))).isTrue();
        assertThat(accepted(oidc, token(List.of("modelcar-console")))).isFalse();
    }

    @Test
    void whenOnlyTheIssuerIsSetThenTheAudienceIsNotChecked() {
        assertThat(accepted(oidc(null, null), token(List.of("anything")))).isTrue();
    }
}
