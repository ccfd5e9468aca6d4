package io.modelcar.console.inferenceservices;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code inventory} health: DOWN until the first full list has arrived, UP afterwards with {@code stale} and
 * {@code asOf} details (a stale inventory still serves its last known state; whether that should take a replica out
 * of the readiness group is a deployment decision).
 */
@Component("inventory")
class InventoryHealthIndicator implements HealthIndicator {

    private final InferenceServiceInventory inventory;

    InventoryHealthIndicator(InferenceServiceInventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public Health health() {
        InventoryState state = inventory.state();
        Health.Builder builder = state.synced() ? Health.up() : Health.down();
        builder.withDetail("synced", state.synced()).withDetail("stale", state.stale());
        if (state.asOf() != null) {
            builder.withDetail("asOf", state.asOf().toString());
        }
        if (state.staleSince() != null) {
            builder.withDetail("staleSince", state.staleSince().toString());
        }
        return builder.build();
    }
}
