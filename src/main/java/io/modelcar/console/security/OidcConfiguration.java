package io.modelcar.console.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * Enterprise login from {@code console.security.oidc.*}: a JWT decoder for bearer tokens on the API (with
 * {@code issuer-uri}) and a client registration for the browser's OIDC login (with {@code client-id} as well).
 * Boot's own {@code spring.security.oauth2.*} properties work too: their beans are used when ours are absent. Both
 * reach the provider lazily, so the console starts while the provider is down.
 */
@Configuration(proxyBeanMethods = false)
class OidcConfiguration {

    static final String REGISTRATION_ID = "oidc";

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("'${console.security.oidc.issuer-uri:}' != ''")
    JwtDecoder jwtDecoder(ConsoleSecurityProperties properties) {
        ConsoleSecurityProperties.Oidc oidc = properties.oidc();
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
            decoder.setJwtValidator(tokenValidator(oidc));
            return decoder;
        });
    }

    /**
     * Issuer and expiry always; the audience whenever the console knows who it is: {@code audience} if set, else
     * the {@code client-id}, so that a token the provider issued for another application is refused. Only an
     * API-only setup (issuer without client id or audience) accepts any audience of the issuer.
     */
    static OAuth2TokenValidator<Jwt> tokenValidator(ConsoleSecurityProperties.Oidc oidc) {
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(oidc.issuerUri());
        String audience = StringUtils.hasText(oidc.audience()) ? oidc.audience() : oidc.clientId();
        if (StringUtils.hasText(audience)) {
            validator = new DelegatingOAuth2TokenValidator<>(validator, new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
        }
        return validator;
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("'${console.security.oidc.issuer-uri:}' != '' and '${console.security.oidc.client-id:}' != ''")
    ClientRegistrationRepository clientRegistrationRepository(ConsoleSecurityProperties properties) {
        return new LazyClientRegistrationRepository(properties.oidc());
    }

    /** Roles for bearer tokens on the API from the groups claim; the name from the username claim, else the subject. */
    static Converter<Jwt, AbstractAuthenticationToken> jwtAuthentication(ConsoleSecurityProperties.Oidc oidc) {
        GroupRoleMapper mapper = GroupRoleMapper.of(oidc);
        return jwt -> {
            String name = jwt.getClaimAsString(oidc.usernameClaim());
            return new JwtAuthenticationToken(jwt, authorities(mapper.roles(jwt.getClaims())),
                    name != null ? name : jwt.getSubject());
        };
    }

    /** Roles for the browser's OIDC login: from the ID token's (and user info's) groups claim. */
    static GrantedAuthoritiesMapper oidcAuthorities(ConsoleSecurityProperties.Oidc oidc) {
        GroupRoleMapper mapper = GroupRoleMapper.of(oidc);
        return granted -> {
            Map<String, Object> claims = new HashMap<>();
            for (GrantedAuthority authority : granted) {
                if (authority instanceof OidcUserAuthority user) {
                    claims.putAll(user.getIdToken().getClaims());
                    if (user.getUserInfo() != null) {
                        claims.putAll(user.getUserInfo().getClaims());
                    }
                } else if (authority instanceof OAuth2UserAuthority user) {
                    claims.putAll(user.getAttributes());
                }
            }
            return authorities(mapper.roles(claims));
        };
    }

    private static Collection<GrantedAuthority> authorities(List<String> roles) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        return List.copyOf(authorities);
    }

    /** Reads the provider's discovery document on first use and keeps it once it was read successfully. */
    static final class LazyClientRegistrationRepository implements ClientRegistrationRepository {

        private final ConsoleSecurityProperties.Oidc oidc;
        private volatile ClientRegistration registration;

        LazyClientRegistrationRepository(ConsoleSecurityProperties.Oidc oidc) {
            this.oidc = oidc;
        }

        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            return REGISTRATION_ID.equals(registrationId) ? registration() : null;
        }

        private ClientRegistration registration() {
            ClientRegistration current = registration;
            if (current == null) {
                synchronized (this) {
                    if (registration == null) {
                        registration = ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
                                .registrationId(REGISTRATION_ID)
                                .clientId(oidc.clientId())
                                .clientSecret(oidc.clientSecret())
                                .scope(oidc.scopes())
                                .userNameAttributeName(oidc.usernameClaim())
                                .build();
                    }
                    current = registration;
                }
            }
            return current;
        }
    }
}
