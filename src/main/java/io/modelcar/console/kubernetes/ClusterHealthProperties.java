package io.modelcar.console.kubernetes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console watches its connection to the Kubernetes API server.
 *
 * @param probeInterval how often the API server is asked for its version, so that outages and recoveries are
 *                      noticed without user traffic
 * @param retryAfter    the {@code Retry-After} a write answers with while the cluster is unreachable
 */
@ConfigurationProperties("console.kubernetes.health")
public record ClusterHealthProperties(
        @DefaultValue("10s") Duration probeInterval,
        @DefaultValue("10s") Duration retryAfter) {
}
