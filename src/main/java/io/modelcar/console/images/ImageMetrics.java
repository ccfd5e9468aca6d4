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
 * (an invalid reference) is a bad request, not a resolve, and is not counted.
 */
@Component
class ImageMetrics {

    static final String BUILDS = "modelcar_console_image_builds";
    static final String BUILD_DURATION = "modelcar_console_image_build_duration_seconds";
    static final String RESOLVES = "modelcar_console_image_resolves";
    static final List<String> OUTCOMES = List.of("success", "failed");

    private final MeterRegistry registry;

    ImageMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : OUTCOMES) {
            counter(BUILDS, "Modelcar image builds by outcome", outcome);
            counter(RESOLVES, "Resolves of an image tag to its digest by outcome", outcome);
        }
    }

    void built(boolean success, Duration took) {
        String outcome = success ? "success" : "failed";
        counter(BUILDS, "Modelcar image builds by outcome", outcome).increment();
        Timer.builder(BUILD_DURATION).tag("outcome", outcome)
                .description("How long a modelcar image build took, files to pushed image")
                .serviceLevelObjectives(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
                        Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30))
                .register(registry).record(took);
    }

    /** Runs one resolve against a registry and counts how it ended. */
    String resolve(Supplier<String> digest) {
        try {
            String resolved = digest.get();
            counter(RESOLVES, "Resolves of an image tag to its digest by outcome", "success").increment();
            return resolved;
        } catch (RuntimeException e) {
            counter(RESOLVES, "Resolves of an image tag to its digest by outcome", "failed").increment();
            throw e;
        }
    }

    private Counter counter(String name, String description, String outcome) {
        return Counter.builder(name).tag("outcome", outcome).description(description).register(registry);
    }
}
