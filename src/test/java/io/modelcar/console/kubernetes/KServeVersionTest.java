package io.modelcar.console.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KServeVersionTest {

    @ParameterizedTest
    @CsvSource({
            "kserve/kserve-controller:v0.20.0, 0, 20, 0",
            "kserve/kserve-controller:v0.15.2, 0, 15, 2",
            "registry.local:5000/kserve/kserve-controller:0.16.1-rc1, 0, 16, 1",
            "quay.io/opendatahub/kserve-controller:v0.14@sha256:abcd, 0, 14, 0"
    })
    void whenImageTagIsAVersionThenItIsDetected(String image, int major, int minor, int patch) {
        assertThat(KServeVersion.fromImage(image)).contains(new KServeVersion(major, minor, patch));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kserve/kserve-controller:latest", "kserve/kserve-controller",
            "registry.local:5000/kserve-controller", "quay.io/x/kserve@sha256:0123", "kserve:main-abc"})
    void whenImageTagIsNotAVersionThenVersionIsUnknown(String image) {
        assertThat(KServeVersion.fromImage(image)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void versionsCompareNumerically() {
        assertThat(KServeVersion.parse("v0.9.0").orElseThrow().before(KServeVersion.V0_12)).isTrue();
        assertThat(KServeVersion.parse("v0.20.1").orElseThrow().atLeast(KServeVersion.V0_20)).isTrue();
        assertThat(KServeVersion.V0_16.toString()).isEqualTo("v0.16.0");
    }
}
