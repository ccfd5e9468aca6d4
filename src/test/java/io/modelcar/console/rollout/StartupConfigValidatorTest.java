package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelcar.console.kubernetes.KServeVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StartupConfigValidatorTest {

    private static final KServeVersion V0_15 = new KServeVersion(0, 15, 2);
    private static final KServeVersion V0_20 = KServeVersion.V0_20;
    private static final String STORAGE = "{\"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", "
            + "\"cpuRequest\": \"100m\", \"cpuLimit\": \"1\", \"enableModelcar\": true, \"uidModelcar\": 1010, "
            + "\"cpuModelcar\": \"10m\", \"memoryModelcar\": \"15Mi\"}";

    private final JsonMapper json = JsonMapper.builder().build();
    private final StartupConfigValidator validator = new StartupConfigValidator(json,
            new KServeStorageInitializerCheck(json));

    private static Map<String, String> shipped() {
        Map<String, String> data = new HashMap<>();
        data.put("deploy", "{\"defaultDeploymentMode\": \"Serverless\"}");
        data.put("ingress", "{\"ingressGateway\": \"knative-serving/knative-ingress-gateway\"}");
        data.put("storageInitializer", STORAGE);
        data.put("_example", "# not JSON at all {");
        return data;
    }

    private List<StartupKeyProblem> validate(KServeVersion version, String key, String value) {
        Map<String, String> data = shipped();
        if (value == null) {
            data.remove(key);
        } else {
            data.put(key, value);
        }
        return validator.validate(data, version);
    }

    @Test
    void whenTheShippedConfigurationThenNothingWouldCrash() {
        assertThat(validator.validate(shipped(), V0_20)).isEmpty();
        assertThat(validator.validate(shipped(), V0_15)).isEmpty();
        assertThat(validator.validate(shipped(), null)).isEmpty();
    }

    @Test
    void whenStandardOrKnativeBeforeV016ThenDeployWouldCrash() {
        assertThat(validate(V0_15, "deploy", "{\"defaultDeploymentMode\": \"Standard\"}"))
                .singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("deploy");
                    assertThat(p.message()).contains("Standard").contains("v0.16").contains("exits");
                });
        assertThat(validate(V0_15, "deploy", "{\"defaultDeploymentMode\": \"Knative\"}")).hasSize(1);
    }

    @Test
    void whenV016OrLaterThenOldAndNewModeNamesAreAccepted() {
        for (String mode : List.of("Serverless", "RawDeployment", "Knative", "Standard")) {
            assertThat(validate(KServeVersion.V0_16, "deploy", "{\"defaultDeploymentMode\": \"" + mode + "\"}"))
                    .as(mode).isEmpty();
        }
        assertThat(validate(V0_20, "deploy", "{\"defaultDeploymentMode\": \"Raw\"}")).hasSize(1);
    }

    @Test
    void whenDeployIsMissingMalformedOrWithoutModeThenItWouldCrash() {
        assertThat(validate(V0_20, "deploy", null)).extracting(StartupKeyProblem::key).containsExactly("deploy");
        assertThat(validate(V0_20, "deploy", "{")).extracting(StartupKeyProblem::key).containsExactly("deploy");
        assertThat(validate(V0_20, "deploy", "{}")).extracting(StartupKeyProblem::key).containsExactly("deploy");
    }

    @Test
    void whenIngressHasNoGatewayOrIsNotJsonThenItWouldCrash() {
        assertThat(validate(V0_20, "ingress", "{\"ingressDomain\": \"example.com\"}")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ingressGateway"));
        assertThat(validate(V0_20, "ingress", "{\"ingressGateway\": \"\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress", "not json")).hasSize(1);
        assertThat(validate(V0_20, "ingress", null)).hasSize(1);
    }

    @Test
    void whenMultiNodeIsPresentItMustBeJson() {
        assertThat(validate(V0_20, "multiNode", "{\"customGPUResourceTypeList\": []}")).isEmpty();
        assertThat(validate(V0_20, "multiNode", "{oops")).extracting(StartupKeyProblem::key)
                .containsExactly("multiNode");
    }

    @Test
    void whenStorageInitializerIsMalformedOrMistypedThenThePodWebhookWouldFail() {
        assertThat(validate(V0_20, "storageInitializer", "{\"memoryRequest\": ")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not valid JSON").contains("webhook"));
        assertThat(validate(V0_20, "storageInitializer", STORAGE.replace("true", "\"true\"")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("enableModelcar"));
        assertThat(validate(V0_20, "storageInitializer", STORAGE.replace("1010", "\"1010\"")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("uidModelcar"));
        assertThat(validate(V0_20, "storageInitializer", STORAGE.replace("\"1Gi\"", "\"lots\"")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("memoryLimit"));
    }

    @Test
    void whenEverythingIsWrongThenEveryKeyIsNamed() {
        Map<String, String> data = Map.of("deploy", "x", "ingress", "y", "multiNode", "z", "storageInitializer", "w");
        assertThat(validator.validate(data, V0_20)).extracting(StartupKeyProblem::key)
                .containsExactly("deploy", "ingress", "multiNode", "storageInitializer");
    }
}
