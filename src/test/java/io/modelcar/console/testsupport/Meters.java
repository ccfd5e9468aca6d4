package io.modelcar.console.testsupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Reads a meter of a {@link MeterRegistry} by name and tags, as a test asserts it; 0 when it does not exist. */
public final class Meters {

    private Meters() {
    }

    /** The sum of the counters with this name and these tags (key, value, ...). */
    public static double counted(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** How many events the timers with this name and tags recorded. */
    public static long timed(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
    }

    /** The value of the one gauge with this name and tags, NaN when there is none. */
    public static double gauge(MeterRegistry registry, String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
