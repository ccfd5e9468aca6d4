package io.modelcar.console.kubernetes;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code cluster} health: UP while the API server answers, DOWN once it has not. Part of the readiness group (not of
 * liveness: restarting the console does not bring an API server back).
 */
@Component("cluster")
class ClusterHealthIndicator implements HealthIndicator {

    private final ClusterState state;

    ClusterHealthIndicator(ClusterState state) {
        this.state = state;
    }

    @Override
    public Health health() {
        Health.Builder builder = state.reachable() ? Health.up() : Health.down();
        state.lastContact().ifPresent(t -> builder.withDetail("lastContact", t.toString()));
        state.lastError().ifPresent(e -> builder.withDetail("lastError", e));
        return builder.build();
    }
}
