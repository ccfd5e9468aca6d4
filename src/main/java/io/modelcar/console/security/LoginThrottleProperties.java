package io.modelcar.console.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Brute-force protection of the console's own users (form login and HTTP Basic; issue 14, point 7).
 *
 * @param maxFailuresPerUser   failed sign-ins of one user name before it is locked out for a while
 * @param maxFailuresPerClient failed sign-ins from one client address (any user names) before it is locked out
 * @param backoff              the first lockout; each further failure during or right after one doubles it
 * @param maxBackoff           the longest lockout
 * @param maxTracked           user names and addresses tracked at once (memory bound; the oldest are forgotten)
 */
@ConfigurationProperties("console.security.login-throttle")
record LoginThrottleProperties(
        @DefaultValue("5") int maxFailuresPerUser,
        @DefaultValue("20") int maxFailuresPerClient,
        @DefaultValue("2s") Duration backoff,
        @DefaultValue("15m") Duration maxBackoff,
        @DefaultValue("10000") int maxTracked) {
}
