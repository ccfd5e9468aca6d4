package io.modelcar.console.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser's login in a sealed cookie instead of an HTTP session: who, which roles (single sign-on users: as
 * mapped at login), how it was made, when it began and when it lapses. Any replica with the same key ring reads it.
 * A local user is looked up again on every request, so a user removed from the configuration, or given other roles,
 * is out or changed at once; a single sign-on login keeps its roles until it lapses. A single sign-on login also keeps
 * those of the user's groups that a cluster's role mapping names ({@code console.clusters.*.roles.groups}), so that
 * the role per cluster applies in the browser as it does to a bearer token.
 */
final class CookieSecurityContextRepository implements SecurityContextRepository {

    static final String COOKIE = "MCC_SESSION";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SealedCookies cookies;
    private final SessionProperties properties;
    private final UserDetailsService localUsers;
    private final Clock clock;
    private final Function<Authentication, List<String>> groupsToKeep;

    CookieSecurityContextRepository(SealedCookies cookies, SessionProperties properties, UserDetailsService localUsers,
            Clock clock) {
        this(cookies, properties, localUsers, clock, authentication -> List.of());
    }

    /** {@code groupsToKeep}: the groups of a new login to keep in the cookie (those some role mapping names). */
    CookieSecurityContextRepository(SealedCookies cookies, SessionProperties properties, UserDetailsService localUsers,
            Clock clock, Function<Authentication, List<String>> groupsToKeep) {
        this.cookies = cookies;
        this.properties = properties;
        this.localUsers = localUsers;
        this.clock = clock;
        this.groupsToKeep = groupsToKeep;
    }

    /**
     * What the cookie holds; times in epoch seconds. {@code groups}: the user's groups that a cluster's role mapping
     * names (single sign-on only; absent in cookies sealed before groups were kept, read as none).
     */
    record Claims(String user, List<String> roles, String kind, long loginAt, long expiresAt, List<String> groups) {

        static final String LOCAL = "local";
        static final String SINGLE_SIGN_ON = "sso";

        Claims {
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        Claims withExpiry(long expiresAt) {
            return new Claims(user, roles, kind, loginAt, expiresAt, groups);
        }
    }

    /** The authentication a sealed cookie stands for; keeps its claims for renewal. */
    static final class SessionAuthentication extends AbstractAuthenticationToken {

        private final transient Claims claims;

        SessionAuthentication(Claims claims, Collection<? extends GrantedAuthority> authorities) {
            super(authorities);
            this.claims = claims;
            setAuthenticated(true);
        }

        Claims claims() {
            return claims;
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return claims.user();
        }
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        authentication(holder.getRequest()).ifPresent(context::setAuthentication);
        return context;
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return authentication(request).isPresent();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        Authentication authentication = context.getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            if (cookies.present(request, COOKIE)) {
                cookies.clear(request, response, COOKIE);
            }
            return;
        }
        long now = clock.instant().getEpochSecond();
        boolean singleSignOn = authentication instanceof OAuth2AuthenticationToken;
        Claims claims = authentication instanceof SessionAuthentication session
                ? session.claims()
                : new Claims(authentication.getName(), authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority).toList(),
                        singleSignOn ? Claims.SINGLE_SIGN_ON : Claims.LOCAL, now, 0,
                        singleSignOn ? groupsToKeep.apply(authentication) : List.of());
        write(renewed(claims, now), request, response);
    }

    /** Writes the cookie again with a fresh idle timeout once half of it has passed; a no-op otherwise. */
    void renewIfDue(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        if (authentication instanceof SessionAuthentication session) {
            long now = clock.instant().getEpochSecond();
            if (session.claims().expiresAt() - now < properties.idleTimeout().toSeconds() / 2) {
                write(renewed(session.claims(), now), request, response);
            }
        }
    }

    private Claims renewed(Claims claims, long now) {
        long idle = now + properties.idleTimeout().toSeconds();
        long absolute = claims.loginAt() + properties.maxLifetime().toSeconds();
        return claims.withExpiry(Math.min(idle, absolute));
    }

    private void write(Claims claims, HttpServletRequest request, HttpServletResponse response) {
        cookies.write(request, response, COOKIE, JSON.writeValueAsBytes(claims), null);
    }

    Optional<Authentication> authentication(HttpServletRequest request) {
        Optional<Claims> claims = cookies.read(request, COOKIE).flatMap(CookieSecurityContextRepository::parse);
        if (claims.isEmpty()) {
            return Optional.empty();
        }
        Claims c = claims.get();
        Instant now = clock.instant();
        if (now.getEpochSecond() >= c.expiresAt()
                || now.getEpochSecond() >= c.loginAt() + properties.maxLifetime().toSeconds()) {
            return Optional.empty();
        }
        if (Claims.LOCAL.equals(c.kind())) {
            return localUser(c);
        }
        return Optional.of(new SessionAuthentication(c, c.roles().stream().map(SimpleGrantedAuthority::new).toList()));
    }

    private Optional<Authentication> localUser(Claims claims) {
        try {
            UserDetails user = localUsers.loadUserByUsername(claims.user());
            if (!user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()) {
                return Optional.empty();
            }
            List<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
            Claims current = new Claims(claims.user(), roles, claims.kind(), claims.loginAt(), claims.expiresAt(),
                    List.of());
            return Optional.of(new SessionAuthentication(current, user.getAuthorities()));
        } catch (UsernameNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<Claims> parse(byte[] json) {
        try {
            Claims claims = JSON.readValue(json, Claims.class);
            return claims.user() == null || claims.roles() == null || claims.kind() == null ? Optional.empty()
                    : Optional.of(claims);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
