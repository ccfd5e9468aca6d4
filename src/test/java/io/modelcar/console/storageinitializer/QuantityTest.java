package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "100m", "1.5Gi", "100Mi", "1Gi", "15Mi", "10m", "1e3", "1E3", "1e-3", "+1",
            "-1", "0.5", ".5", "5.", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Ti", "1Pi", "1Ei", "500n", "2u",
            "1.5e+2", "007"})
    void whenKubernetesWouldParseItThenValid(String text) {
        assertThat(Quantity.isValid(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10 Mi", " 1", "1 ", "1mi", "1MB", "1Gb", "1KI", "1.5.5", "abc", "1e", "1e3.5",
            "1Mi1", "1x", "--1", "1 Gi", "one", "1ee3", "1e99999999999999999999"})
    void whenKubernetesWouldRejectItThenInvalid(String text) {
        assertThat(Quantity.isValid(text)).as(text).isFalse();
    }

    @org.junit.jupiter.api.Test
    void whenNullThenInvalid() {
        assertThat(Quantity.isValid(null)).isFalse();
    }
}
