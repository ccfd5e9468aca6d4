package io.modelcar.console.clusters;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.context.ApplicationContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The cluster the current request addresses ({@code /api/v1/clusters/{cluster}/...}, {@code /clusters/{cluster}/...}),
 * for the few beans of the root context that serve every cluster (the layout's banner, the environment advice): they
 * ask here for the addressed cluster's bean and fall back to their own, which serves the default cluster. Outside a
 * request, and on unprefixed paths, it is the default cluster.
 */
public final class ClusterScope {

    /** Request attribute: the name of the addressed cluster. */
    public static final String NAME_ATTRIBUTE = ClusterScope.class.getName() + ".name";
    /** Request attribute: the addressed remote cluster's application context (absent for the default cluster). */
    static final String CONTEXT_ATTRIBUTE = ClusterScope.class.getName() + ".context";

    private ClusterScope() {
    }

    /**
     * Whether {@code path} (within the application) is the console's own, about all clusters, rather than the default
     * cluster's: the fleet page and its forms, the fleet API (overview, promotions) and the cluster list. No
     * cluster's role mapping applies to it; what it shows and does is checked per cluster inside.
     */
    public static boolean consoleWide(String path) {
        return path.equals("/fleet") || path.startsWith("/fleet/") || path.equals("/api/v1/fleet")
                || path.startsWith("/api/v1/fleet/") || path.equals("/api/v1/clusters");
    }

    /**
     * Whether {@code path} (within the application, without a cluster prefix) is one of the console's own pages that
     * serve the default cluster only (the image builder and its pins): under {@code /clusters/{cluster}} they are still
     * served by the console itself, for the default cluster, so the default cluster's role mapping decides there too,
     * never the prefixed cluster's.
     */
    public static boolean defaultClusterOnly(String path) {
        return path.equals("/images") || path.startsWith("/images/");
    }

    /** The addressed cluster's name, empty outside a request or on unprefixed paths (the default cluster). */
    public static Optional<String> name() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes == null ? Optional.empty()
                : Optional.ofNullable((String) attributes.getAttribute(NAME_ATTRIBUTE,
                        RequestAttributes.SCOPE_REQUEST));
    }

    /** The addressed remote cluster's bean of {@code type}, else {@code root} (the default cluster's). */
    public static <T> T bean(Class<T> type, Supplier<T> root) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object context = attributes == null ? null
                : attributes.getAttribute(CONTEXT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (context instanceof ApplicationContext remote) {
            return remote.getBeanProvider(type).getIfAvailable(root);
        }
        return root.get();
    }
}
