package io.modelcar.console.rollout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console restarts the KServe controller ({@code console.rollout.*}).
 *
 * @param strategy           default strategy: {@code rollout} (restartedAt patch) or {@code delete-pods}
 * @param pollInterval       how often a running restart is checked (GETs of the Deployment and the pods)
 * @param resumeInterval     how often a replica looks for running restarts that nobody follows any more
 * @param staleAfter         a restart whose tracker was silent this long is taken over by another replica
 * @param crashLoopRestarts  a new pod in CrashLoopBackOff with this many restarts fails the restart early
 * @param deadlineGrace      added to the Deployment's progressDeadlineSeconds before the console gives up itself
 * @param history            how many restarts the record ConfigMap keeps
 * @param recordsConfigMap   the ConfigMap (in the KServe namespace) holding the restart records
 */
@ConfigurationProperties("console.rollout")
record RolloutProperties(
        @DefaultValue("rollout") String strategy,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10s") Duration resumeInterval,
        @DefaultValue("30s") Duration staleAfter,
        @DefaultValue("3") int crashLoopRestarts,
        @DefaultValue("60s") Duration deadlineGrace,
        @DefaultValue("20") int history,
        @DefaultValue("modelcar-console-restarts") String recordsConfigMap) {

    RestartStrategy defaultStrategy() {
        return RestartStrategy.parse(strategy).orElseThrow(() -> new IllegalArgumentException(
                "console.rollout.strategy must be rollout or delete-pods, not " + strategy));
    }
}
