package io.modelcar.console.environment;

import io.modelcar.console.audit.AuditEvent;
import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Production's admins-only rule for KServe changes, checked by the services where they write (and early, by
 * {@link ProductionWriteGuard}, for a clean 403 on the routes). The caller is the authenticated user of the current
 * request; work without one (background) is never an admin.
 */
@Component
class ProductionAdminRule implements KServeWriteRule {

    private final ObjectProvider<EnvironmentService> environments;
    private final ObjectProvider<KServeDiscovery> discovery;
    private final ObjectProvider<AuditLog> audit;

    ProductionAdminRule(ObjectProvider<EnvironmentService> environments, ObjectProvider<KServeDiscovery> discovery,
            ObjectProvider<AuditLog> audit) {
        this.environments = environments;
        this.discovery = discovery;
        this.audit = audit;
    }

    @Override
    public void check(KServeChange change) {
        EnvironmentService service = environments.getIfAvailable();
        if (service == null) {
            return;
        }
        EnvironmentClass environment = service.current();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (ProductionWriteGuard.allowed(environment, ProductionWriteGuard.isAdmin(authentication))) {
            return;
        }
        String actor = authentication == null ? "anonymous" : authentication.getName();
        boolean restart = change == KServeChange.RESTART;
        record(actor, restart);
        throw new ProblemException(HttpStatus.FORBIDDEN, ProductionWriteGuard.ADMIN_ONLY, "Admins only on production",
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
