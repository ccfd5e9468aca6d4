package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RestartLogTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-26T16:00:00Z");

    private static RestartRecord record(String id, RestartState state, Instant heartbeat) {
        return new RestartRecord(id, RestartStrategy.ROLLOUT, state, NOW, null, "operator", "kserve/c", "t",
                List.of("old"), 10, "m", state == RestartState.Failed ? RestartFailure.of("Timeout") : null,
                heartbeat == null ? null : "replica", heartbeat);
    }

    @Test
    void recordsSurviveTheRoundTripThroughTheConfigMapText() {
        RestartLog log = new RestartLog(List.of(record("a", RestartState.Failed, NOW)), "7");
        String stored = log.serialize(json);
        assertThat(stored).contains("\"startedAt\":\"2026-11-26T16:00:00Z\"").contains("\"strategy\":\"rollout\"");
        assertThat(RestartLog.parse(stored, "7", json)).isEqualTo(log);
    }

    @Test
    void keepsOnlyTheNewestRecords() {
        RestartLog log = new RestartLog(List.of(), null);
        for (int i = 0; i < 5; i++) {
            log = log.add(record("r" + i, RestartState.Succeeded, NOW), 3);
        }
        assertThat(log.restarts()).extracting(RestartRecord::id).containsExactly("r4", "r3", "r2");
    }

    @Test
    void aRunningRestartBlocksUntilItIsBothAbandonedAndPastItsDeadline() {
        RestartLog log = new RestartLog(List.of(record("a", RestartState.Progressing, NOW)), "1");
        Duration stale = Duration.ofSeconds(30);
        Duration deadline = Duration.ofSeconds(660);
        assertThat(log.running(NOW.plusSeconds(60), stale, deadline)).isPresent();
        assertThat(log.running(NOW.plusSeconds(700), stale, deadline)).isEmpty();
        RestartLog followed = new RestartLog(List.of(record("a", RestartState.Progressing, NOW.plusSeconds(690))), "1");
        assertThat(followed.running(NOW.plusSeconds(700), stale, deadline)).isPresent();
    }

    @Test
    void anUnreadableLogStartsEmpty() {
        assertThat(RestartLog.parse("{garbage", "3", json).restarts()).isEmpty();
    }
}
