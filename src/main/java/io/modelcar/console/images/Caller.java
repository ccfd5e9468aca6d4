package io.modelcar.console.images;

import java.util.List;
import java.util.Locale;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated user of the current request: the actor of audit records and of pull-secret checks. */
record Caller(String name, List<String> roles) {

    static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return new Caller("anonymous", List.of());
        }
        List<String> roles = authentication.getAuthorities().stream().map(a -> a.getAuthority())
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5).toLowerCase(Locale.ROOT)).toList();
        return new Caller(authentication.getName(), roles);
    }
}
