package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** Exponents Kubernetes' arithmetic stalls on (KServe accepts them; the API server's pod checks never end). */
    @ParameterizedTest
    @ValueSource(strings = {"1e99999999999", "1e2147483647", "1e-2147483648", "-1e99999999999", "0e99999999999",
            "-0e-2147483648", "1e100001", "0.1e-100000", "1000e99998"})
    void whenAnExponentPutsTheLeadingDigitBeyondReachThenOutOfReach(String text) {
        assertThat(Quantity.range(text)).as(text).isEqualTo(Quantity.Range.OUT_OF_REACH);
    }

    /**
     * As k8s.io/apimachinery v0.34.5's {@code ParseQuantity} reads them (measured with a Go program on that module):
     * {@code 8Ei} and {@code 16Ei} capped at 2^63-1, {@code 1e19} not, below 1n rounded up to it, {@code 1.5n} up to
     * 2n, an exponent cut to 32 bits ({@code 1e4294967297} is 10).
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"8Ei, 9223372036854775807", "16Ei, 9223372036854775807", "7Ei, 8070450532247928832",
            "1e19, 1e19", "10E, 1e19", "1e-10, 1e-9", "0.1n, 1e-9", "1.5n, 2e-9", "0.0000000015, 2e-9",
            "1e4294967297, 10", "1e-9223372036854775808, 1", "1e100000, 1e100000", "0e1000, 0", "-1.5n, -2e-9"})
    void valuesAreWhatKubernetesReads(String text, String value) {
        assertThat(Quantity.range(text)).as(text).isEqualTo(Quantity.Range.HELD);
        assertThat(Quantity.value(text)).as(text).isEqualByComparingTo(value);
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
