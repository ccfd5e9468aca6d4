package io.modelcar.console.rollout;

import io.modelcar.console.environment.KServeWriteRule;
import io.modelcar.console.environment.ProductionWriteGuard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Production's admins-only rule in front of this feature's routes that restart the KServe controller. */
@Configuration(proxyBeanMethods = false)
class RolloutWebConfiguration implements WebMvcConfigurer {

    /** A restart over the API and from the page; only their non-GET requests are guarded. */
    static final String[] RESTARTS = {"/api/v1/kserve/controller/restarts", "/controller/restarts"};

    private final ObjectProvider<KServeWriteRule> writeRule;

    RolloutWebConfiguration(ObjectProvider<KServeWriteRule> writeRule) {
        this.writeRule = writeRule;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ProductionWriteGuard(writeRule, KServeWriteRule.KServeChange.RESTART))
                .addPathPatterns(RESTARTS);
    }
}
