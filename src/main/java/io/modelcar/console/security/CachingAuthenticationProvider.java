package io.modelcar.console.security;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Remembers successful username/password checks for a short time. Password hashes are slow by design; automation
 * that calls the API with HTTP Basic many times a second must not pay one per request. The cache key is an
 * HMAC-SHA256 of the credential under a random key drawn when the provider is created (one per process, never
 * stored): no password is kept in memory in clear text, and a heap dump's keys cannot be checked against guessed
 * passwords offline without that key. Failures are never cached.
 *
 * <p>No stampede: many concurrent requests with the same credential that is not (or no longer) cached wait for one
 * check instead of each paying a password hash (32 automation clients used to pay 32 bcrypt checks at once every
 * TTL, seconds of CPU on a small pod, visible as the p99 of every API call); and a credential used in the last
 * quarter of its TTL is checked again by that one request while every other request keeps using the cached
 * answer, so a busy client never meets an expired entry. A changed or removed password still stops working within
 * the TTL.
 */
class CachingAuthenticationProvider implements AuthenticationProvider {

    static final int MAX_ENTRIES = 10_000;
    private static final String HMAC = "HmacSHA256";

    private final AuthenticationProvider delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();
    /** The check under way per cache key: concurrent requests with the same credential wait for it. */
    private final Map<String, CompletableFuture<Authentication>> checking = new ConcurrentHashMap<>();
    private final SecretKeySpec hmacKey;

    CachingAuthenticationProvider(AuthenticationProvider delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.hmacKey = new SecretKeySpec(key, HMAC);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (ttl.isZero() || !(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String key = cacheKey(authentication.getName(), password);
        Instant now = clock.instant();
        Entry entry = verified.get(key);
        if (entry != null && now.isBefore(entry.expires())) {
            if (!now.isBefore(entry.refreshFrom())) {
                CompletableFuture<Authentication> mine = new CompletableFuture<>();
                if (checking.putIfAbsent(key, mine) == null) {
                    // this request checks again (the others keep the cached answer meanwhile)
                    return check(key, authentication, mine);
                }
            }
            return entry.result();
        }
        CompletableFuture<Authentication> mine = new CompletableFuture<>();
        CompletableFuture<Authentication> running = checking.putIfAbsent(key, mine);
        if (running == null) {
            return check(key, authentication, mine);
        }
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** Checks the credential with the delegate (the slow hash), remembers a success, and tells those waiting. */
    private Authentication check(String key, Authentication authentication, CompletableFuture<Authentication> mine) {
        try {
            Authentication result = delegate.authenticate(authentication);
            if (result != null && result.isAuthenticated()) {
                remember(key, result);
            } else {
                verified.remove(key);
            }
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            verified.remove(key);
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    private void remember(String key, Authentication result) {
        Instant now = clock.instant();
        if (verified.size() >= MAX_ENTRIES) {
            verified.values().removeIf(e -> !now.isBefore(e.expires()));
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
        }
        verified.put(key, new Entry(result, now.plus(ttl.multipliedBy(3).dividedBy(4)), now.plus(ttl)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The key a verified credential is remembered under. */
    String cacheKey(String user, String password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(hmacKey);
            byte[] name = user.getBytes(StandardCharsets.UTF_8);
            // the user's length first: "ab"+"c" and "a"+"bc" must not meet
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verified credential: checked again when used from {@code refreshFrom}, forgotten at {@code expires}. */
    private record Entry(Authentication result, Instant refreshFrom, Instant expires) {
    }
}
