package io.modelcar.console.security;

import java.time.Duration;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Puts the {@link LoginThrottle} in front of the password check of local users: a locked-out user or client is
 * refused at once (no password hash computed) with {@link LoginThrottledException}, which the API answers with a 429
 * Problem and {@code Retry-After} and the login page with a message. Each lockout is audited when it starts.
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final LoginThrottle throttle;
    private final ObjectProvider<AuditLog> audit;

    ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle,
            ObjectProvider<AuditLog> audit) {
        this.delegate = delegate;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String user = authentication.getName();
        String client = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        Duration locked = throttle.lockedFor(user, client);
        if (!locked.isZero()) {
            throw new LoginThrottledException(locked);
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            if (result != null && result.isAuthenticated()) {
                throttle.succeeded(user);
            }
            return result;
        } catch (BadCredentialsException e) {
            Duration lockout = throttle.failed(user, client);
            if (!lockout.isZero()) {
                AuditLog log = audit.getIfAvailable();
                if (log != null) {
                    log.record(new AuditEvent(user, "login.throttled", null, null, null, AuditEvent.Outcome.REFUSED,
                            "client " + client + "; too many failed sign-ins: locked out for "
                                    + lockout.toSeconds() + "s"));
                }
            }
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
