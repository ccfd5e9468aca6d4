package io.modelcar.console.rollout;

import java.util.Optional;
import java.util.function.UnaryOperator;

import io.modelcar.console.kubernetes.KServeDiscovery;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restart records in the cluster: every write carries the resourceVersion that was read, so that one write
 * wins and the loser re-reads (this is also the lock behind "one restart at a time" across console replicas).
 */
@Component
class RestartRecords {

    private static final int UPDATE_ATTEMPTS = 5;

    private final ControllerCluster cluster;
    private final KServeDiscovery discovery;
    private final RolloutProperties properties;
    private final JsonMapper json;

    RestartRecords(ControllerCluster cluster, KServeDiscovery discovery, RolloutProperties properties,
            JsonMapper json) {
        this.cluster = cluster;
        this.discovery = discovery;
        this.properties = properties;
        this.json = json;
    }

    RestartLog read() {
        ControllerCluster.StoredLog stored = cluster.readLog(namespace(), properties.recordsConfigMap());
        return RestartLog.parse(stored.json(), stored.resourceVersion(), json);
    }

    /** Writes the log; {@link StaleRestartLogException} when it changed since it was read. */
    void write(RestartLog log) {
        cluster.writeLog(namespace(), properties.recordsConfigMap(), log.serialize(json), log.resourceVersion());
    }

    /** Changes one record, re-reading and retrying a few times when another writer got in between. */
    Optional<RestartRecord> update(String id, UnaryOperator<RestartRecord> change) {
        StaleRestartLogException last = null;
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            RestartLog log = read();
            Optional<RestartRecord> current = log.find(id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            RestartRecord changed = change.apply(current.get());
            try {
                write(log.replace(changed));
                return Optional.of(changed);
            } catch (StaleRestartLogException e) {
                last = e;
            }
        }
        throw last;
    }

    private String namespace() {
        return discovery.installation().namespace();
    }
}
