package io.modelcar.console.replicas;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How console replicas agree on which one does the background work (toggle expiry, taking over abandoned restart
 * tracking): a Kubernetes Lease in the KServe namespace.
 *
 * @param leaseName     the Lease's name
 * @param leaseDuration how long a leader that stopped renewing (a killed pod) holds the Lease; a replica that stops
 *                      normally releases it at once
 * @param renewDeadline a leader that could not renew for this long stops leading (shorter than leaseDuration)
 * @param retryPeriod   how often replicas try to take the Lease, and the leader renews it
 */
@ConfigurationProperties("console.replicas")
public record ReplicaProperties(
        @DefaultValue("modelcar-console-leader") String leaseName,
        @DefaultValue("15s") Duration leaseDuration,
        @DefaultValue("10s") Duration renewDeadline,
        @DefaultValue("2s") Duration retryPeriod) {
}
