package io.modelcar.console.environment;

import java.util.Optional;

import io.modelcar.console.clusters.ClusterScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every page's banner: the environment class of the managed cluster ({@code environment} model attribute), and whether
 * production reserves the page's KServe changes for admins ({@code productionAdminOnly}).
 */
@ControllerAdvice(annotations = Controller.class)
class EnvironmentAdvice {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentAdvice.class);

    // a provider, so that web slice tests (@WebMvcTest) that bring no cluster beans still render pages
    private final ObjectProvider<EnvironmentService> environments;

    EnvironmentAdvice(ObjectProvider<EnvironmentService> environments) {
        this.environments = environments;
    }

    @ModelAttribute("environment")
    String environment() {
        EnvironmentService service = ClusterScope.bean(EnvironmentService.class, environments::getIfAvailable);
        if (service == null) {
            return null;
        }
        try {
            return service.current().id();
        } catch (RuntimeException e) {
            // The banner is information: a page must still render when the environment cannot be told.
            log.debug("Environment unknown for the banner ({})", e.getClass().getSimpleName());
            return null;
        }
    }

    /**
     * True on a production cluster for users who are not admins: pages disable saving, restoring and restarting
     * (and say why), as {@link ProductionWriteGuard} refuses them.
     */
    @ModelAttribute("productionAdminOnly")
    boolean productionAdminOnly() {
        boolean admin = ProductionWriteGuard.isAdmin(SecurityContextHolder.getContext().getAuthentication());
        return Optional.ofNullable(environment()).flatMap(EnvironmentClass::parse)
                .map(environment -> !ProductionWriteGuard.allowed(environment, admin)).orElse(false);
    }
}
