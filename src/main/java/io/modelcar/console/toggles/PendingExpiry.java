package io.modelcar.console.toggles;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A flip that runs out: at {@code expiresAt} the console puts {@code revert} back, but only while the keys still
 * hold what the flip set ({@code effect}); someone who changed them since wins. Stored in the cluster so that a
 * restarted console, or another replica, finds it.
 *
 * @param id        stable id
 * @param toggle    the toggle's name
 * @param effect    the values the flip left in place (null: key absent)
 * @param revert    the merge patch that restores what was there before the flip
 * @param expiresAt when to flip back
 * @param actor     who flipped
 * @param createdAt when
 * @param claimedBy the console instance that is flipping it back, or null
 * @param claimedAt when it claimed it, or null
 */
record PendingExpiry(String id, String toggle, JsonNode effect, JsonNode revert, Instant expiresAt, String actor,
        Instant createdAt, String claimedBy, Instant claimedAt) {

    boolean due(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Unclaimed, or claimed by an instance that has not finished within {@code claimTimeout} (it died). */
    boolean claimable(Instant now, Duration claimTimeout) {
        return claimedBy == null || claimedAt == null || !now.isBefore(claimedAt.plus(claimTimeout));
    }

    PendingExpiry claimed(String instance, Instant now) {
        return new PendingExpiry(id, toggle, effect, revert, expiresAt, actor, createdAt, instance, now);
    }
}
