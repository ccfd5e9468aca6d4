package io.modelcar.console.clusters;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The clusters the console manages (docs/fleet.md). Without any {@code remote} cluster the console manages one
 * cluster, the one {@code console.kubernetes.*} reaches, exactly as before.
 *
 * @param defaultName  name of the default cluster (the one {@code console.kubernetes.*} reaches, and the one the
 *                     unprefixed paths address)
 * @param defaultRoles role per local user or OIDC group on the default cluster; when a user or one of their groups
 *                     is mapped, the mapping replaces the role they signed in with, on that cluster only
 * @param remote       the other clusters
 */
@ConfigurationProperties("console.clusters")
public record ClustersProperties(@DefaultValue("local") String defaultName, RoleMapping defaultRoles,
        List<Remote> remote) {

    public ClustersProperties {
        defaultRoles = defaultRoles == null ? RoleMapping.NONE : defaultRoles;
        remote = remote == null ? List.of() : List.copyOf(remote);
    }

    /**
     * One remote cluster.
     *
     * @param name              its name in paths ({@code /api/v1/clusters/{name}/...}) and pages: lower-case
     *                          letters, digits and dashes
     * @param masterUrl         API server URL, with {@code tokenFile}
     * @param tokenFile         file with a bearer token (a ServiceAccount token of that cluster; Helm: a Secret)
     * @param caFile            PEM file with the API server's certificate authority
     * @param kubeconfig        kubeconfig file (when no master URL is set)
     * @param context           the kubeconfig's context (default: its current context)
     * @param trustCertificates trust the API server's certificate without verification (sandbox and tests only)
     * @param kserveNamespace   the KServe namespace there (default: discovered from the controller's label)
     * @param controllerName    the KServe controller Deployment's name there (default: found by label)
     * @param environment       environment class when its KServe namespace has no label (default: production)
     * @param roles             role per local user or OIDC group on this cluster
     */
    public record Remote(String name, String masterUrl, String tokenFile, String caFile, String kubeconfig,
            String context, boolean trustCertificates, String kserveNamespace, String controllerName,
            @DefaultValue("production") String environment, RoleMapping roles) {

        public Remote {
            roles = roles == null ? RoleMapping.NONE : roles;
        }
    }

    /**
     * Roles on one cluster.
     *
     * @param users  local user name to role ({@code viewer}, {@code operator}, {@code admin}, or {@code none})
     * @param groups OIDC group to role; the highest mapped role of a user's groups applies
     */
    public record RoleMapping(Map<String, String> users, Map<String, String> groups) {

        static final RoleMapping NONE = new RoleMapping(Map.of(), Map.of());

        public RoleMapping {
            users = users == null ? Map.of() : Map.copyOf(users);
            groups = groups == null ? Map.of() : Map.copyOf(groups);
        }

        public boolean isEmpty() {
            return users.isEmpty() && groups.isEmpty();
        }
    }
}
