package io.modelcar.console.images;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Image builds and tag-to-digest resolves as Prometheus metrics: builds by outcome with their duration, resolves
 * (the resolve API and the pins of an InferenceService) by outcome. A request refused before it reaches the registry
 * (an invalid reference) is a bad request, not a resolve, and is not counted. Every series exists from the start.
 */
@Component
class ImageMetrics {

    static final String BUILDS = "modelcar_console_image_builds";
    static final String BUILD_DURATION = "modelcar_console_image_build_duration_seconds";
    static final String RESOLVES = "modelcar_console_image_resolves";
    static final List<String> OUTCOMES = List.of("success", "failed");
    private static final Duration[] BUILD_BUCKETS = {Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30)};

    private final MeterRegistry registry;

    ImageMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : OUTCOMES) {
            builds(outcome);
            buildDuration(outcome);
            resolves(outcome);
        }
    }

    void built(boolean success, Duration took) {
        String outcome = success ? "success" : "failed";
        builds(outcome).increment();
        buildDuration(outcome).record(took);
    }

    /** Runs one resolve against a registry and counts how it ended. */
    String resolve(Supplier<String> digest) {
        try {
            String resolved = digest.get();
            resolves("success").increment();
            return resolved;
        } catch (RuntimeException e) {
            resolves("failed").increment();
            throw e;
        }
    }

    private Counter builds(String outcome) {
        return Counter.builder(BUILDS).tag("outcome", outcome).description("Modelcar image builds by outcome")
                .register(registry);
    }

    private Timer buildDuration(String outcome) {
        return Timer.builder(BUILD_DURATION).tag("outcome", outcome)
                .description("How long a modelcar image build took, files to pushed image")
                .serviceLevelObjectives(BUILD_BUCKETS).register(registry);
    }

    private Counter resolves(String outcome) {
        return Counter.builder(RESOLVES).tag("outcome", outcome)
                .description("Resolves of an image tag to its digest by outcome").register(registry);
    }
}
