package io.modelcar.console.toggles;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Toggles as Prometheus metrics: flips by toggle, state and trigger (a user through the API or the page, or the
 * expiry of a timed flip; the kill switch is toggle {@code kill-switch}), and the timed flips waiting to flip back,
 * as last read from the records ConfigMap (every replica reads them at each expiry check).
 */
@Component
class ToggleMetrics {

    static final String FLIPS = "modelcar_console_toggle_flips";
    static final String PENDING_EXPIRIES = "modelcar_console_toggle_pending_expiries";

    private final MeterRegistry registry;
    private final AtomicInteger pendingExpiries = new AtomicInteger();

    ToggleMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(PENDING_EXPIRIES, pendingExpiries, AtomicInteger::get)
                .description("Timed toggle flips waiting to flip back")
                .register(registry);
        // every series from the start, at 0: rate() and the dashboard see the first flip
        for (ToggleSpec toggle : List.of(ToggleSpec.MODELCAR, ToggleSpec.OCI_MODEL_SUPPORT)) {
            for (String trigger : List.of("api", "page", "expiry")) {
                counter(toggle.name(), true, trigger);
                counter(toggle.name(), false, trigger);
            }
        }
        counter(ToggleSpec.KILL_SWITCH, false, "api");
        counter(ToggleSpec.KILL_SWITCH, false, "page");
    }


    /** @param trigger {@code api}, {@code page} or {@code expiry} */
    void flipped(String toggle, boolean enabled, String trigger) {
        counter(toggle, enabled, trigger).increment();
    }

    private Counter counter(String toggle, boolean enabled, String trigger) {
        return Counter.builder(FLIPS).tag("toggle", toggle).tag("state", enabled ? "on" : "off")
                .tag("trigger", trigger).description("Toggle flips by toggle, new state and trigger")
                .register(registry);
    }

    void pendingExpiries(int count) {
        pendingExpiries.set(count);
    }
}
