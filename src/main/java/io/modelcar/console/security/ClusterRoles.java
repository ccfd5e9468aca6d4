package io.modelcar.console.security;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.modelcar.console.clusters.ClusterAccess;
import io.modelcar.console.clusters.ClusterContexts;
import io.modelcar.console.clusters.ClusterScope;
import io.modelcar.console.clusters.ClustersProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A user's role per cluster (docs/fleet.md): {@code console.clusters.remote[].roles} and
 * {@code console.clusters.default-roles} map local user names and OIDC groups to a role on that cluster, replacing
 * the role the user signed in with there only. The filter applies the addressed cluster's mapping right before
 * Spring Security authorizes the request, for that request only (a browser login keeps only the groups some mapping
 * names: {@link #mappedGroups}); features that act
 * on another cluster than the addressed one (promotion) ask {@link #on(String, Supplier)}.
 */
@Component
public class ClusterRoles implements ClusterAccess {

    private static final List<String> ORDER = List.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN);

    private final ObjectProvider<ClusterContexts> clusters;
    private final GroupRoleMapper groups;

    ClusterRoles(ObjectProvider<ClusterContexts> clusters, ConsoleSecurityProperties properties) {
        this.clusters = clusters;
        this.groups = new GroupRoleMapper(properties.oidc().groupsClaim(), Map.of(), null);
    }

    /** Runs {@code action} with the current user's role on {@code cluster}, and the user's own role again after. */
    public <T> T on(String cluster, Supplier<T> action) {
        SecurityContext original = SecurityContextHolder.getContext();
        Optional<Authentication> mapped = mapped(original.getAuthentication(), cluster);
        if (mapped.isEmpty()) {
            return action.get();
        }
        SecurityContextHolder.setContext(new org.springframework.security.core.context.SecurityContextImpl(
                mapped.get()));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.setContext(original);
        }
    }

    /**
     * Whether the current user's role on {@code cluster} includes {@code authority} ({@code ROLE_VIEWER},
     * {@code ROLE_OPERATOR}, {@code ROLE_ADMIN}; an admin has every role, an operator the viewer's).
     */
    public boolean allows(String cluster, String authority) {
        return on(cluster, () -> allows(SecurityContextHolder.getContext().getAuthentication(), authority));
    }

    @Override
    public boolean mayView(String cluster) {
        return allows(cluster, "ROLE_" + Roles.VIEWER);
    }

    private static boolean allows(Authentication user, String authority) {
        List<String> granted = user == null ? List.of() : user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).toList();
        return granted.contains("ROLE_" + Roles.ADMIN) || granted.contains(authority)
                || (("ROLE_" + Roles.VIEWER).equals(authority) && granted.contains("ROLE_" + Roles.OPERATOR));
    }

    /** The user's role on the cluster, when that cluster's mapping names the user or one of their groups. */
    Optional<Authentication> mapped(Authentication authentication, String cluster) {
        ClusterContexts fleet = clusters.getIfAvailable();
        if (fleet == null || authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        ClustersProperties.RoleMapping mapping = fleet.roles(cluster == null ? fleet.defaultName() : cluster);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> role = role(mapping, authentication);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Collection<GrantedAuthority> authorities = "NONE".equals(role.get()) ? List.of()
                : List.of(new SimpleGrantedAuthority("ROLE_" + role.get()));
        PreAuthenticatedAuthenticationToken token = new PreAuthenticatedAuthenticationToken(
                authentication.getPrincipal(), null, authorities);
        token.setDetails(authentication.getDetails());
        return Optional.of(new Named(authentication.getName(), token));
    }

    private Optional<String> role(ClustersProperties.RoleMapping mapping, Authentication authentication) {
        String byUser = mapping.users().get(authentication.getName());
        if (byUser != null) {
            return Optional.of(normalize(byUser));
        }
        int best = -1;
        boolean none = false;
        for (String group : groupsOf(authentication)) {
            String role = mapping.groups().get(group);
            if (role != null) {
                String normalized = normalize(role);
                none |= "NONE".equals(normalized);
                best = Math.max(best, ORDER.indexOf(normalized));
            }
        }
        if (best >= 0) {
            return Optional.of(ORDER.get(best));
        }
        return none ? Optional.of("NONE") : Optional.empty();
    }

    /**
     * The user's groups that some cluster's role mapping names: what a browser login keeps in its cookie, so that
     * group mappings per cluster apply in the browser too. Empty without remote clusters or group mappings.
     */
    List<String> mappedGroups(Authentication authentication) {
        ClusterContexts fleet = clusters.getIfAvailable();
        if (fleet == null) {
            return List.of();
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        fleet.names().forEach(cluster -> named.addAll(fleet.roles(cluster).groups().keySet()));
        return groupsOf(authentication).stream().filter(named::contains).toList();
    }

    private java.util.Collection<String> groupsOf(Authentication authentication) {
        if (authentication instanceof CookieSecurityContextRepository.SessionAuthentication session) {
            return session.claims().groups();
        }
        return groups.groups(claims(authentication));
    }

    private static Map<String, Object> claims(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return jwt.getToken().getClaims();
        }
        if (authentication.getPrincipal() instanceof OidcUser user) {
            return user.getClaims();
        }
        return Map.of();
    }

    private static String normalize(String role) {
        String upper = role.trim().toUpperCase(Locale.ROOT);
        String name = upper.startsWith("ROLE_") ? upper.substring(5) : upper;
        if (!"NONE".equals(name) && !ORDER.contains(name)) {
            throw new IllegalArgumentException("Unknown console role '" + role + "' in console.clusters: use "
                    + "viewer, operator, admin or none");
        }
        return name;
    }

    /** The filter: the addressed cluster's role for this request, right before authorization. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain) throws ServletException, IOException {
                String cluster = (String) request.getAttribute(ClusterScope.NAME_ATTRIBUTE);
                // the path without the cluster's prefix (ClusterRequests serves /clusters/{c}/rest as /rest)
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (ClusterScope.consoleWide(path)) {
                    // about all clusters: checked per cluster inside, with the user's own login (and its groups);
                    // also under a cluster's prefix (/clusters/{c}/fleet/...): that cluster's role must not act on
                    // the others
                    chain.doFilter(request, response);
                    return;
                }
                if (ClusterScope.defaultClusterOnly(path)) {
                    // the console's own pages (images) serve the default cluster, whichever prefix they were asked
                    // under
                    cluster = null;
                }
                SecurityContext original = SecurityContextHolder.getContext();
                Optional<Authentication> mapped = mapped(original.getAuthentication(), cluster);
                if (mapped.isEmpty()) {
                    chain.doFilter(request, response);
                    return;
                }
                SecurityContextHolder.setContext(new org.springframework.security.core.context.SecurityContextImpl(
                        mapped.get()));
                try {
                    chain.doFilter(request, response);
                } finally {
                    SecurityContextHolder.setContext(original);
                }
            }
        };
    }

    /** The mapped authentication keeps the user's name (audit, history, "signed in as"). */
    static final class Named extends UsernamePasswordAuthenticationToken {
        private final String name;

        Named(String name, Authentication mapped) {
            super(mapped.getPrincipal(), null, mapped.getAuthorities());
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
