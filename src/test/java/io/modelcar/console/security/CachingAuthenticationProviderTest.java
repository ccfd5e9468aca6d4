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

import io.modelcar.console.testsupport.MutableClock;

class CachingAuthenticationProviderTest {

    private final AtomicInteger checks = new AtomicInteger();

    /** Alice's password; a test changes it. */
    private final java.util.concurrent.atomic.AtomicReference<String> alicesPassword =
            new java.util.concurrent.atomic.AtomicReference<>("secret");

    /** Accepts only alice with her current password and counts the (slow, in real life) checks. */
    private final AuthenticationProvider passwords = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication authentication) {
            checks.incrementAndGet();
            if (!"alice".equals(authentication.getName())
                    || !alicesPassword.get().equals(authentication.getCredentials())) {
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

    @Test
    void concurrentRequestsWithAnUncachedCredentialWaitForOneCheck() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AuthenticationProvider slow = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                entered.countDown();
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return passwords.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return true;
            }
        };
        CachingAuthenticationProvider provider = new CachingAuthenticationProvider(slow, Duration.ofSeconds(60),
                Clock.systemUTC());
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<Authentication>> answers = new java.util.ArrayList<>();
            answers.add(clients.submit(() -> provider.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret"))));
            entered.await(30, java.util.concurrent.TimeUnit.SECONDS);
            for (int i = 0; i < 15; i++) {
                answers.add(clients.submit(() -> provider.authenticate(
                        UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret"))));
            }
            release.countDown();
            for (java.util.concurrent.Future<Authentication> answer : answers) {
                assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS).getName()).isEqualTo("alice");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(checks).as("one password check for 16 concurrent requests").hasValue(1);
    }

    @Test
    void aCredentialInUseIsCheckedAgainBeforeItExpiresAndAChangedOneStopsWorking() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-30T12:00:00Z"));
        CachingAuthenticationProvider provider = new CachingAuthenticationProvider(passwords, Duration.ofSeconds(60),
                clock);
        Authentication alice = UsernamePasswordAuthenticationToken.unauthenticated("alice", "secret");

        provider.authenticate(alice);
        clock.advance(Duration.ofSeconds(40));
        provider.authenticate(alice);
        assertThat(checks).as("cached in the first three quarters of the TTL").hasValue(1);

        clock.advance(Duration.ofSeconds(10)); // 50 s: in the last quarter, the request checks again
        provider.authenticate(alice);
        assertThat(checks).hasValue(2);
        clock.advance(Duration.ofSeconds(30)); // 80 s after the first check, 30 s after the second: still cached
        provider.authenticate(alice);
        assertThat(checks).hasValue(2);

        alicesPassword.set("changed");
        clock.advance(Duration.ofSeconds(20)); // in the last quarter again: checked, refused, forgotten
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.authenticate(alice))
                .isInstanceOf(BadCredentialsException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.authenticate(alice))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(checks).hasValue(4);
    }
}
