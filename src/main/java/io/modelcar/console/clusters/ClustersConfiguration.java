package io.modelcar.console.clusters;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The fleet's web plumbing: the cluster paths' filter and handler mapping, and the {@code cluster} meter tag. */
@Configuration(proxyBeanMethods = false)
class ClustersConfiguration {

    /** In front of Spring Security (its path rules then see today's paths), behind the request gate. */
    @Bean
    FilterRegistrationBean<ClusterRequests> clusterRequests(ClusterContexts clusters) {
        FilterRegistrationBean<ClusterRequests> registration = new FilterRegistrationBean<>(
                new ClusterRequests(clusters));
        registration.setName("clusterRequests");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    @Bean
    HandlerMapping clusterHandlerMapping(ClusterContexts clusters, ApplicationContext root) {
        return new ClusterHandlerMapping(clusters, root);
    }

    /** Each remote cluster's health under {@code clusters}; without remote clusters there is none. */
    @Bean("clusters")
    @Conditional(RemoteClustersConfigured.class)
    CompositeHealthContributor remoteClustersHealth(ClusterContexts clusters) {
        return new RemoteClustersHealth(clusters);
    }

    /** With remote clusters the OpenAPI document lists the per-cluster operations under the cluster prefix too. */
    @Bean
    OpenApiCustomizer clusterOperations(ClusterContexts clusters, ApplicationContext root) {
        return new ClusterOpenApi(clusters, () -> root.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class));
    }

    /**
     * With remote clusters every series names its cluster (the remote contexts tag theirs; Prometheus wants the same
     * label names on every series of a metric). Without, nothing changes.
     */
    @Bean
    MeterFilter clusterTag(ClustersProperties properties) {
        return properties.remote().isEmpty() ? new MeterFilter() { }
                : MeterFilter.commonTags(Tags.of("cluster", properties.defaultName()));
    }

    /** Whether {@code console.clusters.remote} lists a cluster, however it is configured (file, env, chart). */
    static final class RemoteClustersConfigured extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean any = Binder.get(context.getEnvironment()).bind("console.clusters.remote[0].name", String.class)
                    .isBound();
            return any ? ConditionOutcome.match("remote clusters configured")
                    : ConditionOutcome.noMatch("no console.clusters.remote");
        }
    }
}
