package io.modelcar.console.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * {@code /actuator/prometheus} as Prometheus reaches it: only on the separate management server
 * ({@code management.server.port}, which the Helm chart sets and exposes to the cluster, never through the Ingress).
 * On the main port the endpoint stays behind the admin role, so an anonymous user never reads it there.
 */
final class ManagementPortScrape implements RequestMatcher {

    static final String MANAGEMENT_SERVER = "management";

    private final RequestMatcher prometheus = EndpointRequest.to("prometheus");

    @Override
    public boolean matches(HttpServletRequest request) {
        return prometheus.matches(request) && onManagementServer(request);
    }

    /** True when the request arrived on the management server's own port (its own web application context). */
    static boolean onManagementServer(HttpServletRequest request) {
        WebApplicationContext context = WebApplicationContextUtils.findWebApplicationContext(
                request.getServletContext());
        return context != null && WebServerApplicationContext.hasServerNamespace(context, MANAGEMENT_SERVER);
    }
}
