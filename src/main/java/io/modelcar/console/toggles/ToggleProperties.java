package io.modelcar.console.toggles;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the toggle feature ({@code console.toggles.*}).
 *
 * @param recordsConfigMap    ConfigMap in the KServe namespace that keeps pending expiries
 * @param maxExpiry           the longest duration a flip may carry
 * @param expiryCheckInterval how often the console looks for expired flips
 * @param claimTimeout        after this, an expiry claimed by a console that did not finish it can be claimed again
 */
@ConfigurationProperties("console.toggles")
record ToggleProperties(
        @DefaultValue("modelcar-console-toggles") String recordsConfigMap,
        @DefaultValue("7d") Duration maxExpiry,
        @DefaultValue("5s") Duration expiryCheckInterval,
        @DefaultValue("2m") Duration claimTimeout) {

    static ToggleProperties defaults() {
        return new ToggleProperties("modelcar-console-toggles", Duration.ofDays(7), Duration.ofSeconds(5),
                Duration.ofMinutes(2));
    }
}
