package io.modelcar.console.storageinitializer;

import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Writes of the {@code storageInitializer} configuration as Prometheus counters: every write through
 * {@link StorageInitializerService} by outcome and source, and the conflicts a PATCH without {@code If-Match} retried.
 * Dry runs are not writes and are not counted. Every label combination exists from the start (at 0), so that
 * {@code rate()} and alerts see the first increment.
 */
@Component
public class StorageInitializerMetrics {

    static final String WRITES = "modelcar_console_config_writes";
    static final String CONFLICTS_RETRIED = "modelcar_console_config_conflicts_retried";
    /** Where a write came from; a request's own source names are mapped onto these. */
    static final List<String> SOURCES = List.of("page", "api", "toggle", "restore", "expiry", "promotion");

    /** How a write ended: written (or nothing to write), stale version, refused before writing, cluster failure. */
    enum Outcome {
        SUCCESS, CONFLICT, REFUSED, FAILED
    }

    private final MeterRegistry registry;
    private final Counter conflictsRetried;

    public StorageInitializerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String source : SOURCES) {
            for (Outcome outcome : Outcome.values()) {
                counter(source, outcome);
            }
        }
        this.conflictsRetried = Counter.builder(CONFLICTS_RETRIED)
                .description("Conflicts (409) on a PATCH without If-Match that were retried on the current version")
                .register(registry);
    }


    void write(ChangeRequest request, Outcome outcome) {
        if (!request.dryRun()) {
            counter(source(request.source()), outcome).increment();
        }
    }

    /** A write refused before it became a {@link ChangeRequest} (missing If-Match, malformed body). */
    void refused(String requestSource) {
        counter(source(requestSource), Outcome.REFUSED).increment();
    }

    void conflictRetried() {
        conflictsRetried.increment();
    }

    /** The bounded source label: a restore is recorded as {@code rollback}, the kill switch is a toggle. */
    static String source(String requestSource) {
        if ("rollback".equals(requestSource)) {
            return "restore";
        }
        if ("kill-switch".equals(requestSource)) {
            return "toggle";
        }
        return SOURCES.contains(requestSource) ? requestSource : "api";
    }

    private Counter counter(String source, Outcome outcome) {
        return Counter.builder(WRITES).tag("source", source).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .description("Writes of the storageInitializer configuration by outcome and source")
                .register(registry);
    }
}
