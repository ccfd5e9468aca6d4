package io.modelcar.console.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Remembers successful username/password checks for a short time. Password hashes are slow by design; automation
 * that calls the API with HTTP Basic many times a second must not pay one per request. The cache key is a SHA-256
 * of the credential, so no password is kept in memory in clear text; failures are never cached.
 */
class CachingAuthenticationProvider implements AuthenticationProvider {

    static final int MAX_ENTRIES = 10_000;

    private final AuthenticationProvider delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    CachingAuthenticationProvider(AuthenticationProvider delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (ttl.isZero() || !(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String key = digest(authentication.getName(), password);
        Instant now = clock.instant();
        Entry entry = verified.get(key);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.result();
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.values().removeIf(e -> !now.isBefore(e.expires()));
                if (verified.size() >= MAX_ENTRIES) {
                    verified.clear();
                }
            }
            verified.put(key, new Entry(result, now.plus(ttl)));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Entry(Authentication result, Instant expires) {
    }
}
