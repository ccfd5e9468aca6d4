package io.modelcar.console.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Finds the KServe installation: the controller Deployment (by name when namespace and name are configured, else
 * by label, in the configured namespace or in any),
 * its namespace, and the KServe version from its image tag. Answers are cached briefly so that page views do not
 * each cost a request.
 */
@Component
public class KServeDiscovery {

    static final String DEFAULT_NAMESPACE = "kserve";
    private static final Duration CACHE_FOR = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final KubernetesProperties properties;
    private final Clock clock;
    private volatile Cached cached;

    public KServeDiscovery(KubernetesClient client, KubernetesProperties properties, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.clock = clock;
    }

    /** The installation, from a cache at most a few seconds old. */
    public KServeInstallation installation() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.until())) {
            return current.installation();
        }
        KServeInstallation found;
        try {
            found = discover();
        } catch (ClusterUnreachableException | ClusterRequestFailedException e) {
            if (current != null) {
                // stale but useful: pages show it under the "cluster unreachable, data as of" banner; an API server
                // that answers but fails the read (etcd timing out) is no reason to fail every page either
                return current.installation();
            }
            throw e;
        }
        cached = new Cached(found, now.plus(CACHE_FOR));
        return found;
    }

    /** Forgets the cached answer, e.g. after a restart of the controller. */
    public void refresh() {
        cached = null;
    }

    KServeInstallation discover() {
        List<Deployment> controllers = KubernetesErrors.call("list", "deployments", this::findControllers);
        Deployment controller = controllers.stream()
                .min(Comparator.comparing((Deployment d) -> d.getMetadata().getNamespace())
                        .thenComparing(d -> d.getMetadata().getName()))
                .orElse(null);
        String namespace = StringUtils.hasText(properties.kserveNamespace()) ? properties.kserveNamespace()
                : controller != null ? controller.getMetadata().getNamespace() : DEFAULT_NAMESPACE;
        if (controller == null) {
            return new KServeInstallation(namespace, properties.configMapName(), null, null, null);
        }
        String image = managerImage(controller);
        return new KServeInstallation(namespace, properties.configMapName(), controller.getMetadata().getName(), image,
                KServeVersion.fromImage(image).orElse(null));
    }

    private List<Deployment> findControllers() {
        if (StringUtils.hasText(properties.kserveNamespace()) && StringUtils.hasText(properties.controllerName())) {
            Deployment named = client.apps().deployments().inNamespace(properties.kserveNamespace())
                    .withName(properties.controllerName()).get();
            return named == null ? List.of() : List.of(named);
        }
        if (StringUtils.hasText(properties.kserveNamespace())) {
            return client.apps().deployments().inNamespace(properties.kserveNamespace())
                    .withLabel(properties.controllerLabelKey(), properties.controllerLabelValue()).list().getItems();
        }
        return client.apps().deployments().inAnyNamespace()
                .withLabel(properties.controllerLabelKey(), properties.controllerLabelValue()).list().getItems();
    }

    /** The image of the {@code manager} container, or of the first container when none is named so. */
    static String managerImage(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> "manager".equals(c.getName())).findFirst()
                .or(() -> containers.stream().findFirst())
                .map(Container::getImage).orElse(null);
    }

    private record Cached(KServeInstallation installation, Instant until) {
    }
}
