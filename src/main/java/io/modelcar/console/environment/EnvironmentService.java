package io.modelcar.console.environment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.ClusterPermissionDeniedException;
import io.modelcar.console.kubernetes.ClusterRequestFailedException;
import io.modelcar.console.kubernetes.ClusterUnreachableException;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The environment class of the managed cluster: the label {@code modelcar-console/environment} on the KServe
 * namespace, else the property {@code console.environment}. The label is re-read (one GET of the namespace, never a
 * LIST) when the cached answer is older than a few seconds, so that relabelling takes effect without a restart.
 * An unrecognised label value counts as {@code production}: a typo must never make a cluster easier to change.
 * While the API server does not answer, the last answer stays in force.
 */
@Service
public class EnvironmentService {

    /** The label on the KServe namespace that sets the environment class. */
    public static final String LABEL = "modelcar-console/environment";
    static final Duration CACHE_FOR = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(EnvironmentService.class);

    private final KubernetesClient client;
    private final KServeDiscovery discovery;
    private final EnvironmentClass fallback;
    private final Clock clock;
    private volatile Cached cached;
    private volatile boolean permissionWarned;

    public EnvironmentService(KubernetesClient client, KServeDiscovery discovery,
            @Value("${console.environment:test}") String property, Clock clock) {
        this.client = client;
        this.discovery = discovery;
        this.fallback = property == null || property.isBlank() ? EnvironmentClass.TEST
                : EnvironmentClass.parse(property).orElseThrow(() -> new IllegalArgumentException(
                "console.environment must be test, staging or production, not '" + property + "'"));
        this.clock = clock;
    }

    /** The environment class now (at most a few seconds old). */
    public EnvironmentClass current() {
        return environment().environmentClass();
    }

    /** The environment class with its source. */
    public Environment environment() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.until())) {
            return current.environment();
        }
        Environment found;
        try {
            found = read();
        } catch (ClusterUnreachableException e) {
            found = current != null ? current.environment()
                    : new Environment(fallback, "property", "the KServe namespace could not be read");
        } catch (ClusterRequestFailedException e) {
            // the API server answered but failed the read (etcd timing out): every page and write asks for the
            // environment, so the last answer stays; without one the failure is told (a 502), not guessed from the
            // property, which could let a production cluster be written to as a test one
            if (current == null) {
                throw e;
            }
            found = current.environment();
        } catch (ClusterPermissionDeniedException e) {
            if (!permissionWarned) {
                permissionWarned = true;
                log.warn("The console may not read the KServe namespace, so its {} label is ignored and "
                        + "console.environment={} applies", LABEL, fallback.id());
            }
            found = new Environment(fallback, "property", "the console may not read the KServe namespace");
        }
        cached = new Cached(found, now.plus(CACHE_FOR));
        return found;
    }

    /** Forgets the cached answer. */
    public void refresh() {
        cached = null;
    }

    private Environment read() {
        String namespace = discovery.installation().namespace();
        Namespace object = KubernetesErrors.call("get", "namespaces",
                () -> client.namespaces().withName(namespace).get());
        String label = object == null || object.getMetadata().getLabels() == null ? null
                : object.getMetadata().getLabels().get(LABEL);
        if (label == null || label.isBlank()) {
            return new Environment(fallback, "property", "no " + LABEL + " label on namespace " + namespace);
        }
        return EnvironmentClass.parse(label)
                .map(value -> new Environment(value, "label", LABEL + "=" + label + " on namespace " + namespace))
                .orElseGet(() -> new Environment(EnvironmentClass.PRODUCTION, "label", "unrecognised value '"
                        + label + "' of " + LABEL + " on namespace " + namespace + " is treated as production"));
    }

    private record Cached(Environment environment, Instant until) {
    }
}
