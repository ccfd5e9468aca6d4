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

    @ParameterizedTest
    @ValueSource(strings = {"1e99999999999", "1e2147483647", "1e19", "8Ei", "-9223372036854775808", "10E"})
    void whenAboveTwoToTheSixtyThreeThenTooLarge(String text) {
        assertThat(Quantity.range(text)).as(text).isEqualTo(Quantity.Range.TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-2147483648", "1e-9223372036854775808", "1e-10", "0.1n", "0.0000000009"})
    void whenBelowOneNanoThenTooSmall(String text) {
        assertThat(Quantity.range(text)).as(text).isEqualTo(Quantity.Range.TOO_SMALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0e18", "0e-9", "1n", "1e-9", "9223372036854775807", "-9223372036854775807",
            "7.99Ei", "0.000000000001e12", "1000000000000000000000e-3"})
    void whenWithinKubernetesRangeThenHeldAndItsValueIsExact(String text) {
        assertThat(Quantity.range(text)).as(text).isEqualTo(Quantity.Range.HELD);
        assertThat(Quantity.value(text)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0e19", "0e-10", "0e99999999999", "-0e-2147483648"})
    void whenZeroHasAFarExponentThenRefusedToo(String text) {
        assertThat(Quantity.range(text)).as(text).isEqualTo(Quantity.Range.ZERO_WITH_A_FAR_EXPONENT);
    }

    @org.junit.jupiter.api.Test
    void valuesAreExactInBaseUnits() {
        assertThat(Quantity.value("1.5Gi")).isEqualByComparingTo("1610612736");
        assertThat(Quantity.value("1500m")).isEqualByComparingTo("1.5");
        assertThat(Quantity.value("1.5e-3")).isEqualByComparingTo("0.0015");
    }

    @org.junit.jupiter.api.Test
    void whenNullThenInvalid() {
        assertThat(Quantity.isValid(null)).isFalse();
    }
}
