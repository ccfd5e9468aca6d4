package io.modelcar.console.rollout;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Controller restarts as Prometheus metrics: restarts by outcome ({@code requested}, {@code refused},
 * {@code succeeded}, {@code failed}) and how long a finished restart took. Counted where the restart is audited, by
 * the one replica that records each outcome.
 */
@Component
class RestartMetrics {

    static final String RESTARTS = "modelcar_console_controller_restarts";
    static final String DURATION = "modelcar_console_controller_restart_duration_seconds";
    static final List<String> OUTCOMES = List.of("requested", "refused", "succeeded", "failed");
    private static final Duration[] BUCKETS = {Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20)};

    private final MeterRegistry registry;

    RestartMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(this::counter);
        List.of("succeeded", "failed").forEach(this::timer);
    }

    void counted(String outcome) {
        counter(outcome).increment();
    }

    void finished(String outcome, Duration took) {
        counter(outcome).increment();
        if (took != null && !took.isNegative()) {
            timer(outcome).record(took);
        }
    }

    private Counter counter(String outcome) {
        return Counter.builder(RESTARTS).tag("outcome", outcome)
                .description("KServe controller restarts by outcome").register(registry);
    }

    private Timer timer(String outcome) {
        return Timer.builder(DURATION).tag("outcome", outcome)
                .description("How long a finished KServe controller restart took, from request to end")
                .serviceLevelObjectives(BUCKETS).register(registry);
    }
}
