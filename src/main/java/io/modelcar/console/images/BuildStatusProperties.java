package io.modelcar.console.images;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where image build status is kept so that every console replica answers a status poll.
 *
 * @param configMap       the ConfigMap in the KServe namespace holding the status of recent builds
 * @param publishInterval how often a running build's progress is written there
 */
@ConfigurationProperties("console.images.status")
record BuildStatusProperties(
        @DefaultValue("modelcar-console-builds") String configMap,
        @DefaultValue("1s") Duration publishInterval) {
}
