package io.modelcar.console.storageinitializer;

import io.modelcar.console.environment.KServeWriteRule;
import io.modelcar.console.environment.ProductionWriteGuard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Production's admins-only rule in front of this feature's routes that change KServe's configuration. */
@Configuration(proxyBeanMethods = false)
class StorageInitializerWebConfiguration implements WebMvcConfigurer {

    /** Save and restore, over the API and from the pages; only their non-GET requests are guarded. */
    static final String[] CONFIGURATION_WRITES = {"/api/v1/storage-initializer",
            "/api/v1/storage-initializer/history/*/restore", "/configuration/save", "/history/*/restore"};

    private final ObjectProvider<KServeWriteRule> writeRule;

    StorageInitializerWebConfiguration(ObjectProvider<KServeWriteRule> writeRule) {
        this.writeRule = writeRule;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ProductionWriteGuard(writeRule, KServeWriteRule.KServeChange.CONFIGURATION))
                .addPathPatterns(CONFIGURATION_WRITES);
    }
}
