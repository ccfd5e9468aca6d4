package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** storageInitializer is read like KServe's Go decoder and the OCI mode resolved like ResolveOciModelMode. */
class OciConfigTest {

    @Test
    void whenEnableModelcarThenModelcarMode() {
        OciConfig config = OciConfig.parse("{\"image\": \"x\", \"enableModelcar\": true, \"unknownKey\": [1]}");

        assertThat(config.mode()).isEqualTo("modelcar");
        assertThat(config.modelcarEnabled()).isTrue();
        assertThat(config.problem()).isNull();
    }

    @Test
    void whenEnableOciModelSupportThenModelcarMode() {
        assertThat(OciConfig.parse("{\"enableOciModelSupport\": true}").mode()).isEqualTo("modelcar");
    }

    @Test
    void whenExplicitModeThenItWins() {
        assertThat(OciConfig.parse("{\"enableModelcar\": true, \"ociModelMode\": \"native\"}").mode())
                .isEqualTo("native");
        assertThat(OciConfig.parse("{\"ociModelMode\": \"fetch\"}").modelcarEnabled()).isTrue();
    }

    @Test
    void whenNothingEnabledThenOciIsOff() {
        OciConfig config = OciConfig.parse("{\"enableModelcar\": false}");

        assertThat(config.mode()).isEmpty();
        assertThat(config.ociEnabled()).isFalse();
        assertThat(OciConfig.parse(null).mode()).isEmpty();
        assertThat(OciConfig.parse("{\"ociModelMode\": \"\"}").mode()).isEmpty();
    }

    @Test
    void keysMatchCaseInsensitivelyPreferringExactAndTheLastDuplicateWins() {
        assertThat(OciConfig.parse("{\"EnableModelcar\": true}").modelcarEnabled()).isTrue();
        assertThat(OciConfig.parse("{\"ENABLEMODELCAR\": true, \"enableModelcar\": false}").modelcarEnabled())
                .isFalse();
        assertThat(OciConfig.parse("{\"enableModelcar\": false, \"enableModelcar\": true}").modelcarEnabled())
                .isTrue();
    }

    @Test
    void whenRetiredOrUnknownKeyThenIgnored() {
        assertThat(OciConfig.parse("{\"enableOciImageSource\": true}").ociEnabled()).isFalse();
    }

    @Test
    void whenWrongTypeOrInvalidJsonThenAProblemAndOciOff() {
        assertThat(OciConfig.parse("{\"enableModelcar\": \"true\"}").problem()).contains("JSON boolean");
        assertThat(OciConfig.parse("{not json").problem()).contains("not valid JSON");
        assertThat(OciConfig.parse("[1]").problem()).contains("not a JSON object");
    }

    // issue 13.10: GetStorageInitializerConfigs compares ociModelMode case-sensitively (pkg/apis/serving/v1beta1/configmap.go)
    @Test
    void ociModelModeIsCaseSensitiveAndAWrongCaseRejectsEveryPod() {
        OciConfig config = OciConfig.parse("{\"enableModelcar\": true, \"ociModelMode\": \"Native\"}");

        assertThat(config.mode()).isNotEqualTo("native");
        assertThat(config.problem()).contains("Native");
    }

    // issue 13.10: encoding/json assigns keys in order: the last matching key wins whatever its case
    @Test
    void theLastDuplicateKeyWinsWhateverItsCase() {
        assertThat(OciConfig.parse("{\"ociModelMode\": \"native\", \"OCIMODELMODE\": \"modelcar\"}").mode())
                .isEqualTo("modelcar");
        assertThat(OciConfig.parse("{\"enableModelcar\": true, \"ENABLEMODELCAR\": false}").mode()).isEmpty();
    }
}
