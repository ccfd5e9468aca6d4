package io.modelcar.console.toggles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.modelcar.console.environment.EnvironmentClass;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.storageinitializer.ConfigJson;
import io.modelcar.console.web.ProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ToggleRulesTest {

    static JsonNode json(String text) {
        return ConfigJson.parse(text).value();
    }

    @Test
    void whenKServeIsOlderThan020ThenOnlyTheModelcarToggleExists() {
        assertThat(ToggleSpec.available(KServeVersion.V0_17)).extracting(ToggleSpec::name).containsExactly("modelcar");
        assertThat(ToggleSpec.available(null)).extracting(ToggleSpec::name).containsExactly("modelcar");
        assertThat(ToggleSpec.available(KServeVersion.V0_20)).extracting(ToggleSpec::name)
                .containsExactly("modelcar", "oci-model-support");
    }

    @Test
    void whenOciModeIsExplicitThenItWinsOverTheFlags() {
        assertThat(ToggleRules.resolvedMode(json("{\"enableModelcar\": false, \"ociModelMode\": \"native\"}"), KServeVersion.V0_20))
                .isEqualTo("native");
        assertThat(ToggleRules.resolvedMode(json("{\"enableOciModelSupport\": true}"), KServeVersion.V0_20)).isEqualTo("modelcar");
        assertThat(ToggleRules.resolvedMode(json("{\"enableModelcar\": false}"), KServeVersion.V0_20)).isEmpty();
    }

    @Test
    void whenOciModelSupportIsTurnedOffThenTheExplicitModeGoesToo() {
        ObjectNode patch = ToggleRules.flipPatch(ToggleSpec.OCI_MODEL_SUPPORT, false, null);

        assertThat(patch.toString()).isEqualTo("{\"enableOciModelSupport\":false,\"ociModelMode\":null}");
    }

    @Test
    void whenFlippedThenTheRevertPatchRestoresExactlyWhatWasThere() {
        JsonNode config = json("{\"enableModelcar\": true, \"cpuModelcar\": \"10m\"}");
        ObjectNode patch = ToggleRules.flipPatch(ToggleSpec.OCI_MODEL_SUPPORT, true, "native");

        JsonNode flipped = ToggleRules.apply(config, patch);
        JsonNode back = ToggleRules.apply(flipped, ToggleRules.revertPatch(config, patch));

        assertThat(ConfigJson.sameContent(back, config)).isTrue();
        assertThat(ToggleRules.stillAsSet(flipped, ToggleRules.effect(config, patch))).isTrue();
        assertThat(ToggleRules.stillAsSet(back, ToggleRules.effect(config, patch))).isFalse();
    }

    @Test
    void whenKillSwitchThenEveryToggleOffAndNoExplicitMode() {
        JsonNode config = json("{\"enableModelcar\": true, \"enableOciModelSupport\": true, \"ociModelMode\": \"fetch\"}");

        JsonNode after = ToggleRules.apply(config, ToggleRules.killSwitchPatch(KServeVersion.V0_20));

        assertThat(ToggleRules.resolvedMode(after, KServeVersion.V0_20)).isEmpty();
        assertThat(after.has("ociModelMode")).isFalse();
    }

    @Test
    void whenModelcarsGoOffThenTheImpactSaysTheirNextPodsFail() {
        List<OciUser> users = List.of(new OciUser("a", "x", List.of("oci://r/x:1")),
                new OciUser("b", "y", List.of("oci://r/y:1")));

        ToggleImpact impact = ToggleImpact.of(ToggleSpec.MODELCAR, false, "modelcar", "", users, KServeVersion.V0_20);

        assertThat(impact.summary()).startsWith("2 InferenceServices use oci://; turning Modelcars off makes their "
                + "next pods fail");
        assertThat(impact.inferenceServices()).isEqualTo(users);
        assertThat(impact.restartNeeded()).isFalse();
        assertThat(impact.restartAdvice()).contains("No restart needed: KServe v0.20.0");
    }

    @Test
    void whenAnotherKeyKeepsOciOnThenTheImpactSaysNothingChanges() {
        ToggleImpact impact = ToggleImpact.of(ToggleSpec.MODELCAR, false, "native", "native", List.of(),
                KServeVersion.V0_20);

        assertThat(impact.summary()).contains("changes nothing for them").contains("handled as native");
    }

    @Test
    void whenTestThenOneClickWhenStagingThenTypedNameWhenProductionThenRefused() {
        ToggleGuard.check(EnvironmentClass.TEST, "modelcar", null);
        ToggleGuard.check(EnvironmentClass.STAGING, "modelcar", " modelcar ");
        assertThatThrownBy(() -> ToggleGuard.check(EnvironmentClass.STAGING, "modelcar", "yes"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(422);
                    assertThat(e.type()).isEqualTo(ToggleProblems.CONFIRMATION_REQUIRED);
                });
        assertThatThrownBy(() -> ToggleGuard.check(EnvironmentClass.PRODUCTION, "modelcar", "modelcar"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(409);
                    assertThat(e.type().toString()).isEqualTo("urn:modelcar-console:problem:environment-protected");
                    assertThat(e.properties()).containsEntry("configurationApi", "/api/v1/storage-initializer");
                });
    }

    @Test
    void environmentClassesParseLeniently() {
        assertThat(EnvironmentClass.parse(" Production ")).contains(EnvironmentClass.PRODUCTION);
        assertThat(EnvironmentClass.parse("prod")).isEmpty();
        assertThat(EnvironmentClass.parse(null)).isEmpty();
    }

    // issue 13.7: an unknown version (digest-pinned image) may be v0.20: every OCI switch goes off
    @Test
    void whenTheVersionIsUnknownThenTheKillSwitchTurnsEveryOciSwitchOff() {
        JsonNode config = json("{\"enableModelcar\": true, \"enableOciModelSupport\": true, \"ociModelMode\": \"native\"}");

        JsonNode after = ToggleRules.apply(config, ToggleRules.killSwitchPatch(null));

        assertThat(ToggleRules.resolvedMode(after, null)).isEmpty();
        assertThat(after.get("enableOciModelSupport").booleanValue()).isFalse();
        assertThat(after.has("ociModelMode")).isFalse();
    }

    // issue 13.8 and 13.10: only v0.20 reads ociModelMode/enableOciModelSupport, and compares the mode case-sensitively
    @Test
    void theResolvedModeIsTheReleasesOwnAndCaseSensitive() {
        KServeVersion v019 = new KServeVersion(0, 19, 0);
        assertThat(ToggleRules.resolvedMode(json("{\"enableModelcar\": true, \"ociModelMode\": \"native\"}"), v019))
                .isEqualTo("modelcar");
        assertThat(ToggleRules.resolvedMode(json("{\"enableOciModelSupport\": true}"), v019)).isEmpty();
        assertThat(ToggleRules.resolvedMode(json("{\"enableModelcar\": true, \"ociModelMode\": \"Native\"}"),
                KServeVersion.V0_20)).isNotEqualTo("native");
    }

    // issue 13.9: v0.20 serves ociModelMode=fetch through the modelcar path (storage_initializer_injector.go default)
    @Test
    void fetchIsDescribedAsTheModelcarPathNotADownload() {
        String summary = ToggleImpact.summary(ToggleSpec.OCI_MODEL_SUPPORT, true, "native", "fetch", 1);
        assertThat(summary).doesNotContain("download").contains("modelcar");
    }
}
