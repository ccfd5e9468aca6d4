package io.modelcar.console.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per user name and per client address, in this replica's memory, and locks a key out with
 * an exponential backoff once it passes its limit: {@code backoff}, then twice as long for each further failure, up
 * to {@code maxBackoff}. A success clears the user's count (not the client's). Per replica by design: with N
 * replicas an attacker gets at most N times the attempts, still bounded by the backoff, and no shared store is
 * needed on the login path (docs/hardening.md). Plain Java.
 */
final class LoginThrottle {

    private final LoginThrottleProperties properties;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(LoginThrottleProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long this user and client must still wait; zero when they may try now. */
    Duration lockedFor(String user, String client) {
        Instant now = clock.instant();
        Duration byUser = remaining(failures.get(userKey(user)), now);
        Duration byClient = remaining(failures.get(clientKey(client)), now);
        return byUser.compareTo(byClient) >= 0 ? byUser : byClient;
    }

    /** Records a failure; returns the lockout it starts (zero when none). */
    Duration failed(String user, String client) {
        Instant now = clock.instant();
        Duration a = count(userKey(user), properties.maxFailuresPerUser(), now);
        Duration b = count(clientKey(client), properties.maxFailuresPerClient(), now);
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** User names and addresses tracked now. */
    int tracked() {
        return failures.size();
    }

    void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private Duration count(String key, int limit, Instant now) {
        if (failures.size() >= properties.maxTracked() && !failures.containsKey(key)) {
            forgetOldest(now);
        }
        Failures next = failures.compute(key, (k, f) -> {
            Failures current = f == null || f.forgettable(now, properties.maxBackoff()) ? new Failures(0, now, null)
                    : f;
            int count = current.count() + 1;
            Instant lockedUntil = current.lockedUntil();
            if (count >= Math.max(1, limit)) {
                long exponent = Math.min(30, count - Math.max(1, limit));
                Duration lockout = properties.backoff().multipliedBy(1L << exponent);
                lockout = lockout.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : lockout;
                lockedUntil = now.plus(lockout);
            }
            return new Failures(count, now, lockedUntil);
        });
        return remaining(next, now);
    }

    private void forgetOldest(Instant now) {
        failures.entrySet().removeIf(e -> e.getValue().forgettable(now, properties.maxBackoff()));
        while (failures.size() >= properties.maxTracked()) {
            failures.entrySet().stream().min(Comparator.comparing(e -> e.getValue().last()))
                    .ifPresent(e -> failures.remove(e.getKey()));
        }
    }

    private static Duration remaining(Failures f, Instant now) {
        if (f == null || f.lockedUntil() == null || !f.lockedUntil().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, f.lockedUntil());
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user);
    }

    private static String clientKey(String client) {
        return "client:" + (client == null ? "unknown" : client);
    }

    /** Failures of one key: how many, the last one, and the end of the current lockout. */
    private record Failures(int count, Instant last, Instant lockedUntil) {

        /** Quiet for longer than the longest lockout: start counting afresh. */
        boolean forgettable(Instant now, Duration maxBackoff) {
            Instant end = lockedUntil == null || lockedUntil.isBefore(last) ? last : lockedUntil;
            return end.plus(maxBackoff).isBefore(now);
        }
    }
}
