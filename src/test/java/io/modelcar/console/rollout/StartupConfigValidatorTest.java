package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.storageinitializer.KServeStorageInitializerCheck;
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
            new KServeStorageInitializerCheck());

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

    // issue 13.1: pkg/constants/constants.go ModelMeshDeployment = "ModelMesh" on every release v0.11..v0.20
    @Test
    void modelMeshIsSpelledModelMeshOnEveryRelease() {
        for (KServeVersion version : List.of(new KServeVersion(0, 11, 0), V0_15, KServeVersion.V0_16, V0_20)) {
            assertThat(validate(version, "deploy", "{\"defaultDeploymentMode\": \"ModelMesh\"}"))
                    .filteredOn(p -> p.key().equals("deploy")).as("%s", version).isEmpty();
            assertThat(validate(version, "deploy", "{\"defaultDeploymentMode\": \"ModelMeshDeployment\"}"))
                    .filteredOn(p -> p.key().equals("deploy")).as("%s", version).singleElement().satisfies(p -> assertThat(p.message()).contains("ModelMesh"));
        }
    }

    // issue 13.3: configmap.go NewDeployConfig/NewIngressConfig validate only `if deploy, ok := Data[...]; ok`
    @Test
    void whenDeployOrIngressIsMissingThenTheControllerStartsWithDefaults() {
        assertThat(validate(V0_20, "deploy", null)).isEmpty();
        assertThat(validate(V0_20, "ingress", null)).isEmpty();
        assertThat(validate(V0_15, "ingress", null)).isEmpty();
    }

    // issue 13.3: Go's encoding/json matches keys case-insensitively
    @Test
    void keysAreMatchedCaseInsensitivelyAsGoDoes() {
        assertThat(validate(V0_20, "deploy", "{\"DefaultDeploymentMode\": \"Standard\"}")).isEmpty();
        assertThat(validate(V0_20, "ingress", "{\"IngressGateway\": \"knative-serving/gw\"}")).isEmpty();
        // the last of two case-variants wins
        assertThat(validate(V0_20, "deploy",
                "{\"defaultDeploymentMode\": \"Standard\", \"DEFAULTDEPLOYMENTMODE\": \"Raw\"}")).hasSize(1);
    }

    // issue 13.2: NewIngressConfig requires ingressService on v0.11..v0.13 (dropped in v0.14)
    @Test
    void ingressServiceIsRequiredBeforeV014() {
        String gatewayOnly = "{\"ingressGateway\": \"knative-serving/gw\"}";
        assertThat(validate(new KServeVersion(0, 12, 1), "ingress", gatewayOnly)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ingressService"));
        assertThat(validate(new KServeVersion(0, 13, 0), "ingress", gatewayOnly)).hasSize(1);
        assertThat(validate(new KServeVersion(0, 13, 0), "ingress",
                "{\"ingressGateway\": \"knative-serving/gw\", \"ingressService\": \"istio.svc\"}")).isEmpty();
        assertThat(validate(new KServeVersion(0, 14, 0), "ingress", gatewayOnly)).isEmpty();
    }

    // issue 13.2: validateIngressGateway (configmap.go, v0.15+)
    @Test
    void gatewayApiNeedsAKserveIngressGatewayAsNamespaceSlashName() {
        String base = "{\"ingressGateway\": \"knative-serving/gw\", \"enableGatewayApi\": true";
        assertThat(validate(V0_20, "ingress", base + "}")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("kserveIngressGateway"));
        assertThat(validate(V0_20, "ingress", base + ", \"kserveIngressGateway\": \"gw\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress", base + ", \"kserveIngressGateway\": \"Kserve/gw\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress", base + ", \"kserveIngressGateway\": \"kserve/gw_1\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress", base + ", \"kserveIngressGateway\": \"kserve/kserve-gw\"}"))
                .isEmpty();
        // the JSON tag is enableGatewayApi; enableGatewayAPI matches it case-insensitively
        assertThat(validate(V0_20, "ingress", "{\"ingressGateway\": \"a/b\", \"enableGatewayAPI\": true}"))
                .hasSize(1);
        // v0.14 has no Gateway API fields: the key is ignored
        assertThat(validate(new KServeVersion(0, 14, 0), "ingress", base + "}")).isEmpty();
    }

    // issue 13.2: pathTemplate is parsed with text/template and needs ingressDomain
    @Test
    void pathTemplateMustParseAndNeedsAnIngressDomain() {
        String base = "{\"ingressGateway\": \"a/b\", \"ingressDomain\": \"example.com\", \"pathTemplate\": ";
        assertThat(validate(V0_20, "ingress", base + "\"/serving/{{ .Namespace }}/{{ .Name }}\"}")).isEmpty();
        assertThat(validate(V0_20, "ingress", base + "\"/serving/{{ .Namespace }/{{ .Name }}\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress", base + "\"/serving/{{ nosuchfunc .Name }}\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress", base + "\"/{{ if .Name }}x\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress",
                "{\"ingressGateway\": \"a/b\", \"pathTemplate\": \"/serving/{{ .Name }}\"}")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ingressDomain"));
    }

    // issue 13.2: a field of the wrong JSON type fails json.Unmarshal and the controller exits
    @Test
    void aFieldOfTheWrongJsonTypeWouldCrash() {
        assertThat(validate(V0_20, "ingress", "{\"ingressGateway\": \"a/b\", \"enableGatewayApi\": \"true\"}"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("enableGatewayApi"));
        assertThat(validate(V0_20, "ingress", "{\"ingressGateway\": \"a/b\", \"ingressDomain\": 5}")).hasSize(1);
        assertThat(validate(V0_20, "multiNode", "{\"customGPUResourceTypeList\": \"nvidia.com/gpu\"}"))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("customGPUResourceTypeList"));
        assertThat(validate(V0_20, "multiNode", "{\"customGPUResourceTypeList\": [1]}")).hasSize(1);
        assertThat(validate(V0_20, "deploy", "{\"defaultDeploymentMode\": \"Standard\", "
                + "\"deploymentRolloutStrategy\": {\"defaultRollout\": {\"maxSurge\": 1}}}")).hasSize(1);
        assertThat(validate(V0_20, "deploy", "{\"defaultDeploymentMode\": \"Standard\", "
                + "\"deploymentRolloutStrategy\": {\"defaultRollout\": {\"maxSurge\": \"25%\"}}}")).isEmpty();
        assertThat(validate(V0_20, "deploy", "null")).hasSize(1);
    }

    // cmd/manager/main.go: NewMultiNodeConfig is called at start-up from v0.15 only
    @Test
    void multiNodeIsNotReadAtStartupBeforeV015() {
        assertThat(validate(new KServeVersion(0, 14, 1), "multiNode", "{oops")).isEmpty();
        assertThat(validate(V0_15, "multiNode", "{oops")).hasSize(1);
    }

    // issue 13.4: cmd/manager/main.go never calls GetStorageInitializerConfigs; the webhook reads it per admission
    @Test
    void aBadStorageInitializerDoesNotBlockARestart() {
        assertThat(validate(V0_20, "storageInitializer", "{\"memoryRequest\": ")).isEmpty();
        assertThat(validate(V0_20, "storageInitializer", STORAGE.replace("true", "\"true\""))).isEmpty();
    }

    @Test
    void whenDeployIsMalformedOrWithoutModeThenItWouldCrash() {
        assertThat(validate(V0_20, "deploy", "{")).extracting(StartupKeyProblem::key).containsExactly("deploy");
        assertThat(validate(V0_20, "deploy", "{}")).extracting(StartupKeyProblem::key).containsExactly("deploy");
    }

    @Test
    void whenIngressHasNoGatewayOrIsNotJsonThenItWouldCrash() {
        assertThat(validate(V0_20, "ingress", "{\"ingressDomain\": \"example.com\"}")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("ingressGateway"));
        assertThat(validate(V0_20, "ingress", "{\"ingressGateway\": \"\"}")).hasSize(1);
        assertThat(validate(V0_20, "ingress", "not json")).hasSize(1);
    }

    @Test
    void whenMultiNodeIsPresentItMustBeJson() {
        assertThat(validate(V0_20, "multiNode", "{\"customGPUResourceTypeList\": []}")).isEmpty();
        assertThat(validate(V0_20, "multiNode", "{oops")).extracting(StartupKeyProblem::key)
                .containsExactly("multiNode");
    }

    @Test
    void whenStorageInitializerIsMalformedOrMistypedThenTheDamageIsNamedButTheRestartIsNotBlocked() {
        assertThat(damage(V0_20, "{\"memoryRequest\": ")).singleElement()
                .satisfies(m -> assertThat(m).contains("not valid JSON").contains("webhook").contains("reconcile"));
        assertThat(damage(V0_20, STORAGE.replace("true", "\"true\""))).singleElement()
                .satisfies(m -> assertThat(m).contains("enableModelcar"));
        assertThat(damage(V0_20, STORAGE.replace("1010", "\"1010\""))).singleElement()
                .satisfies(m -> assertThat(m).contains("uidModelcar"));
        assertThat(damage(V0_20, STORAGE.replace("\"1Gi\"", "\"lots\""))).singleElement()
                .satisfies(m -> assertThat(m).contains("memoryLimit"));
        // a quantity Kubernetes cannot hold is named, not thrown (the restart pre-flight answered 500)
        assertThat(damage(V0_20, STORAGE.replace("\"1Gi\"", "\"1e99999999999\""))).singleElement()
                .satisfies(m -> assertThat(m).contains("memoryLimit"));
        assertThat(damage(V0_20, STORAGE.replace("\"1Gi\"", "\"1e-2147483648\""))).singleElement()
                .satisfies(m -> assertThat(m).contains("memoryLimit"));
        // before v0.16 the reconcile does not read it (components/predictor.go)
        assertThat(damage(V0_15, "{\"memoryRequest\": ")).singleElement()
                .satisfies(m -> assertThat(m).contains("webhook").doesNotContain("reconcile"));
        assertThat(damage(V0_20, STORAGE)).isEmpty();
    }

    /** Read as the configuration page reads it: every occurrence of a key, no text after the object. */
    @Test
    void whenAStoredKeyIsMistypedInAnOccurrenceALaterOneHidesOrTextFollowsTheObjectThenTheDamageIsNamed() {
        assertThat(damage(V0_20, STORAGE.replace("\"1Gi\"", "1, \"memoryLimit\": \"1Gi\""))).singleElement()
                .satisfies(m -> assertThat(m).contains("memoryLimit").contains("not the number 1"));
        assertThat(damage(V0_20, STORAGE + " x")).singleElement()
                .satisfies(m -> assertThat(m).contains("not valid JSON"));
    }

    private List<String> damage(KServeVersion version, String storage) {
        Map<String, String> data = shipped();
        data.put("storageInitializer", storage);
        return validator.storageInitializerDamage(data, version);
    }

    @Test
    void whenEverythingIsWrongThenEveryStartupKeyIsNamed() {
        Map<String, String> data = Map.of("deploy", "x", "ingress", "y", "multiNode", "z", "storageInitializer", "w");
        assertThat(validator.validate(data, V0_20)).extracting(StartupKeyProblem::key)
                .containsExactly("deploy", "ingress", "multiNode");
    }

    @Test
    void whenGatewayApiIsOnAndTheClusterServesNoHttpRouteThenTheControllerWouldExitAtStartUp() {
        Map<String, String> data = shipped();
        data.put("ingress", "{\"ingressGateway\": \"knative-serving/gw\", \"enableGatewayApi\": true, "
                + "\"kserveIngressGateway\": \"kserve/kserve-ingress-gateway\"}");
        List<String> asked = new java.util.ArrayList<>();
        ServedKinds none = (groupVersion, kind) -> {
            asked.add(groupVersion + " " + kind);
            return false;
        };

        assertThat(validator.validate(data, V0_20, none)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ingress");
            assertThat(p.message()).contains("enableGatewayApi", "HTTPRoute", "exits at start-up");
        });
        assertThat(asked).containsExactly("gateway.networking.k8s.io/v1 HTTPRoute");
        assertThat(validator.validate(data, V0_15, none)).as("v0.15 panics").hasSize(1);
        assertThat(validator.validate(data, V0_20, (gv, kind) -> true)).as("served").isEmpty();
        assertThat(validator.validate(data, V0_20, (gv, kind) -> null)).as("discovery failed: not claimed").isEmpty();
        assertThat(validator.validate(data, V0_20)).as("the values alone").isEmpty();
        assertThat(validator.validate(data, new KServeVersion(0, 14, 0), none))
                .as("before v0.15 there is no Gateway API mode").isEmpty();
    }

    @Test
    void whenGatewayApiIsOffOrTheIngressIsBadThenTheClusterIsNotAsked() {
        List<String> asked = new java.util.ArrayList<>();
        ServedKinds none = (groupVersion, kind) -> {
            asked.add(kind);
            return false;
        };
        Map<String, String> off = shipped();
        off.put("ingress", "{\"ingressGateway\": \"knative-serving/gw\", \"enableGatewayApi\": false}");
        Map<String, String> bad = shipped();
        bad.put("ingress", "{\"ingressGateway\": \"knative-serving/gw\", \"enableGatewayApi\": true}");

        assertThat(validator.validate(off, V0_20, none)).isEmpty();
        assertThat(validator.validate(bad, V0_20, none)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no kserveIngressGateway"));
        assertThat(asked).isEmpty();
    }
}
