package io.modelcar.console.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tests move forward by hand (e.g. shared by the console instances of one test): stopped at its start,
 * or {@link #ticking()} with real time.
 */
public final class MutableClock extends Clock {

    private final boolean ticks;
    private volatile Instant now;
    private volatile Duration shift = Duration.ZERO;

    public MutableClock(Instant start) {
        this(start, false);
    }

    private MutableClock(Instant start, boolean ticks) {
        this.now = start;
        this.ticks = ticks;
    }

    /**
     * Real time, moved forward by {@link #advance}: for a whole console (the one {@code clock} bean), whose caches and
     * deadlines must keep running while a test jumps ahead.
     */
    public static MutableClock ticking() {
        return new MutableClock(null, true);
    }

    public void advance(Duration duration) {
        if (ticks) {
            shift = shift.plus(duration);
        } else {
            now = now.plus(duration);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return ticks ? Instant.now().plus(shift) : now;
    }
}
