package io.modelcar.console.kubernetes;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What the console knows about its connection to the Kubernetes API server: when it last got an answer and what
 * went wrong since. Fed by every request of the console's {@code KubernetesClient} (see
 * {@link ClusterStateInterceptor}) and by a periodic probe, so that pages can say "cluster unreachable, data as of
 * T", readiness can reflect it, and everything recovers by itself once the API server answers again.
 */
@Component
public class ClusterState {

    private final Clock clock;
    private volatile Instant lastContact;
    private volatile Instant lastFailure;
    private volatile String lastError;

    public ClusterState(Clock clock) {
        this.clock = clock;
    }

    /** The API server answered (any status that is not 429 or 5xx: even a 403 or 404 proves it is there). */
    public void contact() {
        lastContact = clock.instant();
        lastError = null;
    }

    /** The API server did not answer, or answered 429/5xx. The reason must not carry response bodies or secrets. */
    public void failure(String reason) {
        lastFailure = clock.instant();
        lastError = reason;
    }

    /** True when the most recent attempt to reach the API server succeeded. */
    public boolean reachable() {
        Instant contact = lastContact;
        Instant failure = lastFailure;
        return contact != null && (failure == null || !failure.isAfter(contact));
    }

    /** True when the console tried and failed since its last contact (or never had one). */
    public boolean unreachable() {
        return lastFailure != null && !reachable();
    }

    public Optional<Instant> lastContact() {
        return Optional.ofNullable(lastContact);
    }

    public Optional<Instant> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** A short description of the last failure (e.g. "connection refused", "HTTP 503"), empty when reachable. */
    public Optional<String> lastError() {
        return reachable() ? Optional.empty() : Optional.ofNullable(lastError);
    }
}
