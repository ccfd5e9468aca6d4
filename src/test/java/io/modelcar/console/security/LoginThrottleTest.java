package io.modelcar.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.modelcar.console.testsupport.MutableClock;

/** Issue 14, point 7: the backoff of failed sign-ins per user and per client, on a clock the test moves. */
class LoginThrottleTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(new LoginThrottleProperties(3, 10, Duration.ofSeconds(2),
            Duration.ofMinutes(1), 100), clock);

    @Test
    void whenAUserFailsTooOftenThenItIsLockedOutWithADoublingBackoffAndASuccessClearsIt() {
        assertThat(throttle.failed("alice", "10.0.0.1")).isZero();
        assertThat(throttle.failed("alice", "10.0.0.2")).isZero();
        assertThat(throttle.failed("alice", "10.0.0.3")).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).as("any client").isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.lockedFor("bob", "10.0.0.9")).isZero();

        clock.advance(Duration.ofSeconds(3));
        assertThat(throttle.lockedFor("alice", "10.0.0.1")).isZero();
        assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
        clock.advance(Duration.ofSeconds(5));
        assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(Duration.ofSeconds(8));
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "10.0.0." + (20 + i));
        }
        assertThat(throttle.lockedFor("alice", "x")).as("capped").isEqualTo(Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(2));
        throttle.succeeded("alice");
        assertThat(throttle.failed("alice", "10.0.0.1")).as("counted afresh").isZero();
    }

    @Test
    void whenOneClientTriesManyUserNamesThenTheClientIsLockedOut() {
        for (int i = 0; i < 9; i++) {
            assertThat(throttle.failed("user" + i, "203.0.113.7")).isZero();
        }
        assertThat(throttle.failed("user9", "203.0.113.7")).isEqualTo(Duration.ofSeconds(2));

        assertThat(throttle.lockedFor("somebody-else", "203.0.113.7")).isPositive();
        assertThat(throttle.lockedFor("somebody-else", "198.51.100.1")).isZero();
    }

    @Test
    void whenMoreKeysThanTrackedArriveThenMemoryStaysBounded() {
        LoginThrottle small = new LoginThrottle(new LoginThrottleProperties(3, 10, Duration.ofSeconds(2),
                Duration.ofMinutes(1), 10), clock);
        for (int i = 0; i < 1000; i++) {
            small.failed("u" + i, "c" + i);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(10);
    }
}
