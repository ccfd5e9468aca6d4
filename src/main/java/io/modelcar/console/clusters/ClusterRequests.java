package io.modelcar.console.clusters;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;

/**
 * Picks the cluster a request addresses and hands the rest of the console the request as if it were unprefixed:
 * {@code /api/v1/clusters/{cluster}/storage-initializer} is {@code /api/v1/storage-initializer} of that cluster,
 * {@code /clusters/{cluster}/configuration} is the page {@code /configuration} of that cluster, under the context path
 * {@code /clusters/{cluster}} (so that every link and redirect of the page stays on the cluster). It runs in front of
 * Spring Security, so that every path rule applies to the cluster paths as to today's. Unprefixed paths mean the
 * default cluster, as before. {@link ClusterHandlerMapping} then chooses the cluster's handler.
 */
class ClusterRequests extends OncePerRequestFilter {

    static final String API_PREFIX = "/api/v1/clusters/";
    static final String PAGE_PREFIX = "/clusters/";
    /** Request attribute: the cluster name a path named that the console does not manage. */
    static final String UNKNOWN_ATTRIBUTE = ClusterRequests.class.getName() + ".unknown";

    private final ClusterContexts clusters;

    ClusterRequests(ClusterContexts clusters) {
        this.clusters = clusters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contextPath = request.getContextPath();
        String path = request.getRequestURI().substring(contextPath.length());
        Route route = Route.of(path);
        if (route == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!clusters.contains(route.cluster())) {
            request.setAttribute(UNKNOWN_ATTRIBUTE, route.cluster());
        } else {
            request.setAttribute(ClusterScope.NAME_ATTRIBUTE, route.cluster());
            clusters.remote(route.cluster())
                    .ifPresent(context -> request.setAttribute(ClusterScope.CONTEXT_ATTRIBUTE, context));
        }
        // cached parses of the prefixed path must not outlive it
        request.removeAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        request.removeAttribute(UrlPathHelper.PATH_ATTRIBUTE);
        request.removeAttribute(HandlerMapping.LOOKUP_PATH);
        if (route.api()) {
            chain.doFilter(new Unprefixed(request, contextPath, route.rest()),
                    new Relocating(response, contextPath, route.cluster()));
        } else {
            chain.doFilter(new Unprefixed(request, contextPath + PAGE_PREFIX + route.cluster(), route.rest()),
                    response);
        }
    }

    /**
     * A cluster path, split.
     *
     * @param cluster the cluster's name as written
     * @param rest    the path without the prefix, starting with a slash
     * @param api     an API path ({@code /api/v1/clusters/...}) or a page ({@code /clusters/...})
     */
    record Route(String cluster, String rest, boolean api) {

        static Route of(String path) {
            if (path.startsWith(API_PREFIX)) {
                String tail = path.substring(API_PREFIX.length());
                int slash = tail.indexOf('/');
                // /api/v1/clusters/{cluster} alone is the cluster resource itself, not a cluster's API
                if (slash <= 0 || slash == tail.length() - 1) {
                    return null;
                }
                return new Route(tail.substring(0, slash), "/api/v1" + tail.substring(slash), true);
            }
            if (path.startsWith(PAGE_PREFIX)) {
                String tail = path.substring(PAGE_PREFIX.length());
                int slash = tail.indexOf('/');
                if (tail.isEmpty() || slash == 0) {
                    return null;
                }
                return slash < 0 ? new Route(tail, "/", false)
                        : new Route(tail.substring(0, slash), tail.substring(slash), false);
            }
            return null;
        }
    }

    /** The request as the unprefixed path of the addressed cluster. */
    static final class Unprefixed extends HttpServletRequestWrapper {

        private final String contextPath;
        private final String path;

        Unprefixed(HttpServletRequest request, String contextPath, String path) {
            super(request);
            this.contextPath = contextPath;
            this.path = path;
        }

        @Override
        public String getContextPath() {
            return contextPath;
        }

        @Override
        public String getRequestURI() {
            return contextPath + path;
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
            int port = getServerPort();
            if (!("http".equals(getScheme()) && port == 80) && !("https".equals(getScheme()) && port == 443)) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }
    }

    /** An API answer's {@code Location} points at the same cluster's path. */
    static final class Relocating extends HttpServletResponseWrapper {

        private final String api;
        private final String clusterApi;

        Relocating(HttpServletResponse response, String contextPath, String cluster) {
            super(response);
            this.api = contextPath + "/api/v1/";
            this.clusterApi = contextPath + API_PREFIX + cluster + "/";
        }

        private String relocate(String name, String value) {
            if (value != null && "Location".equalsIgnoreCase(name) && value.startsWith(api)
                    && !value.startsWith(contextPath() + API_PREFIX)) {
                return clusterApi + value.substring(api.length());
            }
            return value;
        }

        private String contextPath() {
            return api.substring(0, api.length() - "/api/v1/".length());
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, relocate(name, value));
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, relocate(name, value));
        }
    }
}
