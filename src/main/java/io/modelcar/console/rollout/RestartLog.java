package io.modelcar.console.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restart records as stored in the record ConfigMap: a JSON array, newest first, at most {@code limit} long.
 * Pure: reading and writing the ConfigMap (with its resourceVersion) is {@link ControllerCluster}'s job.
 */
record RestartLog(List<RestartRecord> restarts, String resourceVersion) {

    static final String KEY = "restarts.json";

    RestartLog {
        restarts = List.copyOf(restarts);
    }

    static RestartLog parse(String stored, String resourceVersion, JsonMapper json) {
        if (stored == null || stored.isBlank()) {
            return new RestartLog(List.of(), resourceVersion);
        }
        try {
            return new RestartLog(json.readValue(stored, new TypeReference<List<RestartRecord>>() {
            }), resourceVersion);
        } catch (JacksonException e) {
            // An unreadable log must not block restarts forever: start a new one (the next write replaces it).
            return new RestartLog(List.of(), resourceVersion);
        }
    }

    String serialize(JsonMapper json) {
        return json.writeValueAsString(restarts);
    }

    Optional<RestartRecord> find(String id) {
        return restarts.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The running restart that someone still follows (or that is too young to be called abandoned). */
    Optional<RestartRecord> running(Instant now, Duration staleAfter, Duration deadline) {
        return restarts.stream().filter(r -> r.state().running())
                .filter(r -> r.startedAt() == null || r.startedAt().plus(deadline).isAfter(now)
                        || !r.abandoned(now, staleAfter))
                .findFirst();
    }

    RestartLog add(RestartRecord restart, int limit) {
        List<RestartRecord> list = new ArrayList<>();
        list.add(restart);
        restarts.stream().limit(Math.max(limit - 1, 0)).forEach(list::add);
        return new RestartLog(list, resourceVersion);
    }

    RestartLog replace(RestartRecord restart) {
        return new RestartLog(restarts.stream().map(r -> r.id().equals(restart.id()) ? restart : r).toList(),
                resourceVersion);
    }
}
