package io.modelcar.console.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.stereotype.Component;

/**
 * Failed logins as a Prometheus counter, from Spring Security's authentication events (form login, HTTP Basic and
 * bearer tokens alike): {@code reason} is {@code bad-credentials} or {@code other} (locked, disabled, expired,
 * provider errors). Never a user name: that label would be unbounded and tell an attacker's guesses.
 */
@Component
class LoginMetrics {

    static final String FAILURES = "modelcar_console_login_failures";

    private final Counter badCredentials;
    private final Counter other;

    LoginMetrics(MeterRegistry registry) {
        badCredentials = counter(registry, "bad-credentials");
        other = counter(registry, "other");
    }

    private static Counter counter(MeterRegistry registry, String reason) {
        return Counter.builder(FAILURES).tag("reason", reason)
                .description("Failed logins (form, HTTP Basic, bearer token) by reason").register(registry);
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        (event instanceof AuthenticationFailureBadCredentialsEvent ? badCredentials : other).increment();
    }
}
