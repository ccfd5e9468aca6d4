package io.modelcar.console.clusters;

import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code clusters} health: each remote cluster's own {@code cluster} health (UP while its API server answers, with
 * {@code lastContact} and {@code lastError}), read from that cluster's context when asked, so a cluster whose context
 * is still starting is simply not listed yet. Not part of the readiness group: a remote cluster being down never takes
 * the console out of service for the others (the default cluster's {@code cluster} health is).
 */
final class RemoteClustersHealth implements CompositeHealthContributor {

    /** The name of the default cluster's health indicator, which every remote context has too. */
    static final String CLUSTER_HEALTH = "cluster";

    private final ClusterContexts clusters;

    RemoteClustersHealth(ClusterContexts clusters) {
        this.clusters = clusters;
    }

    @Override
    public HealthContributor getContributor(String name) {
        if (clusters.defaultName().equals(name)) {
            return null;
        }
        return clusters.remote(name).filter(context -> context.isActive()
                && context.containsBean(CLUSTER_HEALTH))
                .map(context -> (HealthContributor) context.getBean(CLUSTER_HEALTH, HealthIndicator.class))
                .orElse(null);
    }

    @Override
    public Stream<Entry> stream() {
        return clusters.names().stream().map(name -> {
            HealthContributor contributor = getContributor(name);
            return contributor == null ? null : new Entry(name, contributor);
        }).filter(java.util.Objects::nonNull);
    }
}
