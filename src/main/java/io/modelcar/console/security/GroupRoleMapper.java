package io.modelcar.console.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the groups an identity provider puts into a token (a claim, possibly nested: {@code realm_access.roles}) to
 * the console's roles. Pure Java: no Spring Security types, so the rules are unit-tested on their own.
 */
final class GroupRoleMapper {

    private static final List<String> ORDER = List.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN);

    private final String groupsClaim;
    private final Map<String, String> mappings;
    private final String defaultRole;

    GroupRoleMapper(String groupsClaim, Map<String, String> mappings, String defaultRole) {
        this.groupsClaim = groupsClaim;
        this.mappings = Map.copyOf(mappings);
        this.defaultRole = defaultRole == null || defaultRole.isBlank() ? null : Roles.normalize(defaultRole);
        for (String role : this.mappings.values()) {
            if (!ORDER.contains(Roles.normalize(role))) {
                throw new IllegalArgumentException("Unknown console role '" + role
                        + "' in console.security.oidc.role-mappings: use viewer, operator or admin");
            }
        }
        if (this.defaultRole != null && !ORDER.contains(this.defaultRole)) {
            throw new IllegalArgumentException("Unknown console role '" + defaultRole
                    + "' in console.security.oidc.default-role: use viewer, operator or admin");
        }
    }

    static GroupRoleMapper of(ConsoleSecurityProperties.Oidc oidc) {
        return new GroupRoleMapper(oidc.groupsClaim(), oidc.roleMappings(), oidc.defaultRole());
    }

    /** The groups found in the claims (a list, or a space- or comma-separated string). */
    Set<String> groups(Map<String, Object> claims) {
        Object value = claims;
        for (String part : groupsClaim.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return Set.of();
            }
            value = map.get(part);
        }
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof Collection<?> collection) {
            collection.stream().filter(g -> g != null).map(String::valueOf).forEach(groups::add);
        } else if (value instanceof String text) {
            for (String g : text.split("[\\s,]+")) {
                if (!g.isBlank()) {
                    groups.add(g);
                }
            }
        }
        return groups;
    }

    /** The single highest role (e.g. {@code OPERATOR}) the groups map to, or the default role, or none. */
    List<String> roles(Map<String, Object> claims) {
        int best = -1;
        for (String group : groups(claims)) {
            String role = mappings.get(group);
            if (role != null) {
                best = Math.max(best, ORDER.indexOf(Roles.normalize(role)));
            }
        }
        if (best >= 0) {
            return List.of(ORDER.get(best));
        }
        return defaultRole == null ? List.of() : new ArrayList<>(List.of(defaultRole));
    }
}
