package io.modelcar.console.environment;

import io.modelcar.console.audit.AuditLog;
import io.modelcar.console.kubernetes.KServeDiscovery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the {@link ProductionWriteGuard} in front of the routes that change KServe. */
@Configuration(proxyBeanMethods = false)
class EnvironmentWebConfiguration implements WebMvcConfigurer {

    private final ProductionWriteGuard guard;

    // providers: web slice tests (@WebMvcTest) load this configuration without the cluster beans
    EnvironmentWebConfiguration(ObjectProvider<EnvironmentService> environments,
            ObjectProvider<KServeDiscovery> discovery, ObjectProvider<AuditLog> audit) {
        this.guard = new ProductionWriteGuard(new ProductionAdminRule(environments, discovery, audit));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(guard).addPathPatterns(ProductionWriteGuard.KSERVE_WRITES);
    }
}
