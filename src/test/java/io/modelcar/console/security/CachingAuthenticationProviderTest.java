package io.modelcar.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

class CachingAuthenticationProviderTest {

    private final AtomicInteger checks = new AtomicInteger();

    /** Accepts only alice/secret and counts the (slow, in real life) checks. */
    private final AuthenticationProvider passwords = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication authentication) {
            checks.incrementAndGet();
            if (!"alice".equals(authentication.getName()) || !"secret".equals(authentication.getCredentials())) {
                throw new BadCredentialsException("bad");
            }
            return UsernamePasswordAuthenticationToken.authenticated("alice", null,
                    AuthorityUtils.createAuthorityList("ROLE_viewer"));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };

    private CachingAuthenticationProvider provider() {
        return new CachingAuthenticationProvider(passwords, Duration.ofSeconds(60), Clock.systemUTC());
    }

    @Test
    void cacheKeyIsNotAPlainHashOfTheCredential() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("alice".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        String plainHash = HexFormat.of().formatHex(sha.digest("secret".getBytes(StandardCharsets.UTF_8)));

        assertThat(provider().cacheKey("alice", "secret")).isNotEqualTo(plainHash);
    }

    @Test
    void eachProcessKeysItsCacheWithItsOwnRandomSecret() {
        CachingAuthenticationProvider one = provider();
        CachingAuthenticationProvider other = provider();

        assertThat(one.cacheKey("alice", "secret")).isEqualTo(one.cacheKey("alice", "secret"))
                .isNotEqualTo(other.cacheKey("alice", "secret"));
        assertThat(one.cacheKey("alice", "secret")).isNotEqualTo(one.cacheKey("alice", "secreT"))
                .isNotEqualTo(one.cacheKey("alicesecret", ""));
    }

    @Test
    void verifiedCredentialIsCheckedOnceWithinTheTtlAndWrongOnesEveryTime() {
        CachingAuthenticationProvider provider = provider();
        provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret"));
        provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret"));
        assertThat(checks).hasValue(1);

        for (int i = 0; i < 2; i++) {
            try {
                provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "wrong"));
            } catch (BadCredentialsException expected) {
                // counted below
            }
        }
        assertThat(checks).hasValue(3);
    }
}
