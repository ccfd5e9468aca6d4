package io.modelcar.console.kubernetes;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The API server's reachability as Prometheus metrics, read from {@link ClusterState} (fed by every request and by
 * the periodic probe): no request of its own.
 */
@Component
class ClusterMetrics {

    ClusterMetrics(ClusterState state, MeterRegistry registry, Clock clock) {
        Gauge.builder("modelcar_console_apiserver_reachable", state, s -> s.reachable() ? 1 : 0)
                .description("1 when the most recent request to the Kubernetes API server got an answer")
                .register(registry);
        Gauge.builder("modelcar_console_apiserver_last_contact_age_seconds", state,
                        s -> s.lastContact().map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                                .orElse(Double.NaN))
                .baseUnit("seconds")
                .description("Seconds since the Kubernetes API server last answered (NaN before the first answer)")
                .register(registry);
    }
}
