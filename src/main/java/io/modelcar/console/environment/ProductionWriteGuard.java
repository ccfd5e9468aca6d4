package io.modelcar.console.environment;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What production reserves for admins (api.md, roles): on a {@code production} cluster only admins change KServe's
 * configuration (save, restore) and restart its controller; operators get a 403 Problem of its own type, audited,
 * and nothing is written. Dry runs and previews stay open: looking is not changing. Toggles have their own, stricter
 * rule (read-only on production for everyone).
 */
class ProductionWriteGuard implements HandlerInterceptor {

    static final URI ADMIN_ONLY = ProblemTypes.of("production-admin-only");

    /** The routes that change KServe (API and pages); only their non-GET requests are guarded. */
    static final List<String> KSERVE_WRITES = List.of("/api/v1/storage-initializer",
            "/api/v1/storage-initializer/history/*/restore", "/api/v1/kserve/controller/restarts",
            "/configuration/save", "/history/*/restore", "/controller/restarts");

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final ObjectProvider<EnvironmentService> environments;
    private final ObjectProvider<KServeDiscovery> discovery;
    private final ObjectProvider<AuditLog> audit;

    ProductionWriteGuard(ObjectProvider<EnvironmentService> environments, ObjectProvider<KServeDiscovery> discovery,
            ObjectProvider<AuditLog> audit) {
        this.environments = environments;
        this.discovery = discovery;
        this.audit = audit;
    }

    /** Whether a user with these roles may change KServe on a cluster of this class. */
    static boolean allowed(EnvironmentClass environment, boolean admin) {
        return environment != EnvironmentClass.PRODUCTION || admin;
    }

    static boolean isAdmin(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (READS.contains(request.getMethod()) || "true".equalsIgnoreCase(request.getParameter("dryRun"))) {
            return true;
        }
        EnvironmentService service = environments.getIfAvailable();
        if (service == null) {
            return true;
        }
        EnvironmentClass environment = service.current();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (allowed(environment, isAdmin(authentication))) {
            return true;
        }
        String actor = authentication == null ? "anonymous" : authentication.getName();
        boolean restart = request.getRequestURI().contains("/restarts");
        record(actor, restart);
        throw new ProblemException(HttpStatus.FORBIDDEN, ADMIN_ONLY, "Admins only on production",
                "This is a production cluster: only admins " + (restart ? "restart the KServe controller"
                        : "change KServe's configuration") + ". Nothing was changed.")
                .with("environment", environment.id()).with("requiredRole", "admin");
    }

    private void record(String actor, boolean restart) {
        AuditLog log = audit.getIfAvailable();
        if (log == null) {
            return;
        }
        KServeInstallation installation = installation();
        String namespace = installation == null ? null : installation.namespace();
        AuditEvent.Target target = restart
                ? new AuditEvent.Target("Deployment", namespace,
                        installation == null ? null : installation.controllerName(), null)
                : new AuditEvent.Target("ConfigMap", namespace,
                        installation == null ? null : installation.configMapName(), "storageInitializer");
        log.record(new AuditEvent(actor, restart ? "controller.restart" : "storage-initializer.write", target, null,
                null, AuditEvent.Outcome.REFUSED, "production: admins only"));
    }

    private KServeInstallation installation() {
        try {
            KServeDiscovery found = discovery.getIfAvailable();
            return found == null ? null : found.installation();
        } catch (RuntimeException e) {
            return null; // the audit line still names the actor and the action
        }
    }
}
