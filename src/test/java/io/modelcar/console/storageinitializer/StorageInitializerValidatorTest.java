package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import io.modelcar.console.kubernetes.KServeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StorageInitializerValidatorTest {

    static final String BASE = "\"image\": \"kserve/storage-initializer:v0.20.0\", \"memoryRequest\": \"100Mi\", "
            + "\"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"";
    static final KServeVersion V0_15 = new KServeVersion(0, 15, 2);
    static final KServeVersion V0_16 = new KServeVersion(0, 16, 0);
    static final KServeVersion V0_17 = new KServeVersion(0, 17, 0);
    static final KServeVersion V0_11 = new KServeVersion(0, 11, 0);

    static JsonNode json(String extra) {
        return ConfigJson.parse("{" + BASE + (extra.isEmpty() ? "" : ", " + extra) + "}").value();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("\"enableModelcar\": \"true\"", KServeVersion.V0_20, "enableModelcar"),
                Arguments.of("\"enableModelcar\": 1", KServeVersion.V0_20, "enableModelcar"),
                Arguments.of("\"uidModelcar\": \"1010\"", KServeVersion.V0_20, "uidModelcar"),
                Arguments.of("\"uidModelcar\": 1010.5", KServeVersion.V0_20, "uidModelcar"),
                Arguments.of("\"uidModelcar\": 1e3", KServeVersion.V0_20, "uidModelcar"),
                Arguments.of("\"uidModelcar\": 99999999999999999999", KServeVersion.V0_20, "uidModelcar"),
                Arguments.of("\"cpuModelcar\": \"10 m\"", KServeVersion.V0_20, "cpuModelcar"),
                Arguments.of("\"memoryModelcar\": 15", KServeVersion.V0_20, "memoryModelcar"),
                Arguments.of("\"ociModelMode\": \"sidecar\"", KServeVersion.V0_20, "ociModelMode"),
                Arguments.of("\"ociModelMode\": true", KServeVersion.V0_20, "ociModelMode"),
                Arguments.of("\"enableOciModelSupport\": \"yes\"", KServeVersion.V0_20, "enableOciModelSupport"),
                Arguments.of("\"image\": 5", KServeVersion.V0_20, "image"),
                Arguments.of("\"caBundleConfigMapName\": false", KServeVersion.V0_20, "caBundleConfigMapName"),
                Arguments.of("\"EnableModelcar\": \"true\"", KServeVersion.V0_20, "EnableModelcar"),
                Arguments.of("\"enableDirectPvcVolumeMount\": \"true\"", V0_15, "enableDirectPvcVolumeMount"),
                Arguments.of("\"cpuModelcar\": \"\", \"memoryModelcar\": \"15Mi\"", V0_16, "cpuModelcar"),
                Arguments.of("\"uidModelcar\": \"1010\"", null, "uidModelcar"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("rejected")
    void whenKServeWouldRejectTheValueThenError(String extra, KServeVersion version, String field) {
        StorageInitializerValidator.Validation validation = StorageInitializerValidator.validate(json(extra), version);
        assertThat(validation.valid()).isFalse();
        assertThat(validation.errors()).extracting(FieldProblem::field).containsExactly(field);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("\"enableModelcar\": true, \"cpuModelcar\": \"10m\", \"memoryModelcar\": \"15Mi\", "
                        + "\"uidModelcar\": 1010", KServeVersion.V0_20),
                Arguments.of("\"uidModelcar\": null", KServeVersion.V0_20),
                Arguments.of("\"enableModelcar\": null", KServeVersion.V0_20),
                Arguments.of("\"ociModelMode\": \"native\"", KServeVersion.V0_20),
                Arguments.of("\"ociModelMode\": \"fetch\"", KServeVersion.V0_20),
                Arguments.of("\"ociModelMode\": \"\"", KServeVersion.V0_20),
                Arguments.of("\"cpuModelcar\": \"\"", V0_17),
                Arguments.of("", V0_17),
                Arguments.of("", V0_15),
                Arguments.of("\"ociModelMode\": \"anything\"", V0_15),
                Arguments.of("\"ociInsecureRegistry\": \"not-a-bool\"", KServeVersion.V0_20),
                Arguments.of("\"enableDirectPvcVolumeMount\": \"true\"", KServeVersion.V0_20),
                Arguments.of("\"somethingElse\": [1, 2]", KServeVersion.V0_20),
                Arguments.of("\"cpuModelcar\": \"1.5\", \"memoryModelcar\": \"1e3\"", null));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("accepted")
    void whenKServeWouldAcceptTheValueThenNoError(String extra, KServeVersion version) {
        assertThat(StorageInitializerValidator.validate(json(extra), version).errors()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"memoryRequest", "memoryLimit", "cpuRequest",
            "cpuLimit"})
    void whenARequiredQuantityIsMissingThenError(String key) {
        JsonNode config = json("");
        ((tools.jackson.databind.node.ObjectNode) config).remove(key);
        assertThat(StorageInitializerValidator.validate(config, KServeVersion.V0_20).errors())
                .extracting(FieldProblem::field).containsExactly(key);
    }

    @Test
    void whenQuantityHasASpaceThenErrorSaysNoSpaces() {
        List<FieldProblem> errors = StorageInitializerValidator.validate(
                ConfigJson.parse("{" + BASE.replace("\"100Mi\"", "\"10 Mi\"") + "}").value(), KServeVersion.V0_20)
                .errors();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("memoryRequest");
            assertThat(e.message()).contains("10 Mi").contains("not a Kubernetes quantity");
        });
    }

    @Test
    void whenModelcarQuantitiesAreMissingOnV016ThenRequiredButNotOnOthers() {
        assertThat(StorageInitializerValidator.validate(json(""), V0_16).errors()).extracting(FieldProblem::field)
                .containsExactly("cpuModelcar", "memoryModelcar");
        assertThat(StorageInitializerValidator.validate(json(""), V0_17).errors()).isEmpty();
        assertThat(StorageInitializerValidator.validate(json(""), V0_15).errors()).isEmpty();
    }

    @Test
    void whenKeyDiffersOnlyInCaseThenReadAsTheKnownKeyAndReported() {
        StorageInitializerValidator.Validation validation = StorageInitializerValidator
                .validate(json("\"EnableModelcar\": true"), KServeVersion.V0_20);
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.notices()).singleElement().satisfies(n -> {
            assertThat(n.field()).isEqualTo("EnableModelcar");
            assertThat(n.message()).contains("as \"enableModelcar\"").contains("case-insensitively");
        });
    }

    @Test
    void whenBothSpellingsArePresentThenTheLastWinsIsReported() {
        StorageInitializerValidator.Validation validation = StorageInitializerValidator
                .validate(json("\"enableModelcar\": true, \"ENABLEMODELCAR\": false"), KServeVersion.V0_20);
        assertThat(validation.notices()).extracting(FieldProblem::message)
                .anySatisfy(m -> assertThat(m).contains("more than once"));
    }

    static Stream<Arguments> ignoredKeys() {
        return Stream.of(
                Arguments.of("enableOciModelSupport", "true", V0_17, "from KServe v0.20.0 on"),
                Arguments.of("ociModelMode", "\"modelcar\"", V0_15, "from KServe v0.20.0 on"),
                Arguments.of("enableDirectPvcVolumeMount", "true", V0_17, "no longer read since KServe v0.16.0"),
                Arguments.of("ociInsecureRegistry", "true", KServeVersion.V0_20, "unreleased"),
                Arguments.of("enableOciImageSource", "true", KServeVersion.V0_20, "Go field name"),
                Arguments.of("modelcarUid", "1010", KServeVersion.V0_20, "uidModelcar"),
                Arguments.of("foo", "1", KServeVersion.V0_20, "Unknown key"),
                Arguments.of("enableModelcar", "true", V0_11, "from KServe v0.12.0 on"));
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("ignoredKeys")
    void whenTheVersionIgnoresAKeyThenNoticeNotError(String key, String value, KServeVersion version,
            String says) {
        StorageInitializerValidator.Validation validation = StorageInitializerValidator
                .validate(json("\"" + key + "\": " + value), version);
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.notices()).singleElement().satisfies(n -> {
            assertThat(n.field()).isEqualTo(key);
            assertThat(n.message()).contains(says);
        });
    }

    @Test
    void whenNotAnObjectThenError() {
        assertThat(StorageInitializerValidator.validate(ConfigJson.parse("[1]").value(), KServeVersion.V0_20)
                .errors()).extracting(FieldProblem::field).containsExactly("");
    }

    @Test
    void whenVersionUnknownThenValidatedAsNewest() {
        assertThat(StorageInitializerValidator.validate(json("\"ociModelMode\": \"bogus\""), null).errors())
                .extracting(FieldProblem::field).containsExactly("ociModelMode");
        assertThat(StorageInitializerValidator.validate(json("\"enableDirectPvcVolumeMount\": true"), null)
                .notices()).hasSize(1);
    }

    // issue 13.12: KServe accepts these, the API server then rejects every pod that carries them
    // (runAsUser 0..2147483647, quantities >= 0, request <= limit: k8s.io/kubernetes pkg/apis/core/validation)
    static Stream<Arguments> acceptedByKServeRejectedByThePod() {
        return Stream.of(
                Arguments.of("\"uidModelcar\": -1", "uidModelcar"),
                Arguments.of("\"uidModelcar\": 2147483648", "uidModelcar"),
                Arguments.of("\"cpuModelcar\": \"-10m\"", "cpuModelcar"),
                Arguments.of("\"memoryModelcar\": \"-1Mi\"", "memoryModelcar"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedByKServeRejectedByThePod")
    void valuesThePodWouldFailOnAreRefused(String extra, String field) {
        assertThat(StorageInitializerValidator.validate(json(extra), KServeVersion.V0_20).errors())
                .extracting(FieldProblem::field).contains(field);
    }

    /**
     * Quantities whose exponent Kubernetes' arithmetic stalls on (measured against k8s.io/apimachinery v0.34.5: its
     * parser or comparisons never finish on exponents like these). Each is one error on its field, never an
     * exception (they were a NumberFormatException or ArithmeticException, a 500).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"cpuLimit, 1e99999999999", "cpuLimit, 1e-2147483648", "cpuLimit, -1e99999999999",
            "cpuLimit, 1e2147483647", "cpuLimit, 0e99999999999", "cpuLimit, 0e-2147483648",
            "memoryLimit, 1e100001"})
    void aQuantityKubernetesCannotHoldIsAnErrorNotAnException(String field, String value) {
        ObjectNode config = (ObjectNode) json("");
        config.put(field, value);

        StorageInitializerValidator.Validation validation = StorageInitializerValidator.validate(config,
                KServeVersion.V0_20);

        assertThat(validation.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(value);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9223372036854775807", "9.223372036854775807e18", "1n", "1e-9", "0.001e-6", "7Ei",
            "0e18", "0e-9", "0", "1e19", "8Ei", "1e-10", "0.1n", "1e100000", "0e1000", "1e4294967297"})
    void whatKubernetesReadsIsAcceptedAsKServeDoes(String value) {
        ObjectNode config = (ObjectNode) json("");
        config.put("memoryLimit", value);
        config.put("memoryRequest", "0");

        assertThat(StorageInitializerValidator.validate(config, KServeVersion.V0_20).errors()).isEmpty();
    }

    @Test
    void aRequestAboveItsLimitOrANegativeQuantityIsRefused() {
        JsonNode requestAboveLimit = ConfigJson.parse("{\"memoryRequest\": \"2Gi\", \"memoryLimit\": \"1Gi\", "
                + "\"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"}").value();
        assertThat(StorageInitializerValidator.validate(requestAboveLimit, KServeVersion.V0_20).errors())
                .extracting(FieldProblem::field).containsExactly("memoryRequest");
        JsonNode cpuAboveLimit = ConfigJson.parse("{\"memoryRequest\": \"1Gi\", \"memoryLimit\": \"1024Mi\", "
                + "\"cpuRequest\": \"1.5\", \"cpuLimit\": \"1500m\"}").value();
        assertThat(StorageInitializerValidator.validate(cpuAboveLimit, KServeVersion.V0_20).errors()).isEmpty();
        JsonNode negative = ConfigJson.parse("{\"memoryRequest\": \"-1Mi\", \"memoryLimit\": \"1Gi\", "
                + "\"cpuRequest\": \"100m\", \"cpuLimit\": \"1\"}").value();
        assertThat(StorageInitializerValidator.validate(negative, KServeVersion.V0_20).errors())
                .extracting(FieldProblem::field).containsExactly("memoryRequest");
        assertThat(StorageInitializerValidator.validate(json("\"uidModelcar\": 2147483647"), KServeVersion.V0_20)
                .errors()).isEmpty();
    }
}
