package io.modelcar.console.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit trail ({@code console.audit.*}).
 *
 * @param kubernetesEvents also record each audited action as a Kubernetes Event on the object concerned
 */
@ConfigurationProperties("console.audit")
public record AuditProperties(@DefaultValue("true") boolean kubernetesEvents) {
}
