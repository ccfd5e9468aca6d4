package io.modelcar.console.kubernetes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import org.springframework.stereotype.Component;

/**
 * The one reader of the KServe controller Deployment (a GET by name, as the console's RBAC grants it), for the
 * overview's controller health and the rollout feature alike.
 */
@Component
public class ControllerDeployments {

    private final KubernetesClient client;

    public ControllerDeployments(KubernetesClient client) {
        this.client = client;
    }

    /** The controller Deployment, or empty when it does not exist. */
    public Optional<ControllerDeployment> read(String namespace, String name) {
        Deployment d = KubernetesErrors.call("get", "deployments/" + name,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
        return Optional.ofNullable(d).map(ControllerDeployments::toView);
    }

    static ControllerDeployment toView(Deployment d) {
        DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        Map<String, String> templateAnnotations = d.getSpec().getTemplate() == null
                || d.getSpec().getTemplate().getMetadata() == null ? null
                : d.getSpec().getTemplate().getMetadata().getAnnotations();
        ControllerDeployment.Condition progressing = status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst()
                        .map(ControllerDeployments::toView).orElse(null);
        return new ControllerDeployment(d.getMetadata().getNamespace(), d.getMetadata().getName(),
                orZero(d.getMetadata().getGeneration()), orZero(status.getObservedGeneration()),
                d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(),
                orZero(status.getReplicas()), orZero(status.getUpdatedReplicas()), orZero(status.getReadyReplicas()),
                orZero(status.getAvailableReplicas()), Boolean.TRUE.equals(d.getSpec().getPaused()),
                templateAnnotations == null ? null : templateAnnotations.get(ControllerDeployment.RESTARTED_AT),
                progressing, d.getSpec().getProgressDeadlineSeconds() == null
                        ? ControllerDeployment.DEFAULT_PROGRESS_DEADLINE : d.getSpec().getProgressDeadlineSeconds());
    }

    private static ControllerDeployment.Condition toView(DeploymentCondition c) {
        return new ControllerDeployment.Condition(c.getStatus(), c.getReason(), c.getMessage(),
                parseTime(c.getLastUpdateTime()));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static Instant parseTime(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
