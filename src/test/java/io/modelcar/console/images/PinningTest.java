package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PinningTest {

    static final String DIGEST = "sha256:" + "b".repeat(64);

    @Test
    void whenTheTagIsLatestOrMissingThenThePinnedUriHasOnlyTheDigest() {
        assertThat(pin("oci://quay.io/ns/model:latest")).isEqualTo("oci://quay.io/ns/model@" + DIGEST);
        assertThat(pin("oci://registry:5000/ns/model")).isEqualTo("oci://registry:5000/ns/model@" + DIGEST);
        assertThat(pin("myuser/model")).isEqualTo("oci://myuser/model@" + DIGEST);
    }

    @Test
    void whenTheTagIsSpecificThenItStaysBesideTheDigest() {
        assertThat(pin("oci+native://quay.io/ns/model:1.0")).isEqualTo("oci+native://quay.io/ns/model:1.0@" + DIGEST);
        assertThat(pin("oci://quay.io/ns/model:1.0@sha256:" + "c".repeat(64)))
                .isEqualTo("oci://quay.io/ns/model:1.0@" + DIGEST);
    }

    @Test
    void whenTheFieldPathHasAnIndexThenThePatchUsesAJsonPointerAndTestsTheOldValue() {
        String command = Pinning.kubectlPatch("team-a", "iris", "spec.predictor.storageUris[0].uri",
                "oci://quay.io/ns/model:latest", "oci://quay.io/ns/model@" + DIGEST);

        assertThat(command).isEqualTo("kubectl patch inferenceservice iris -n team-a --type json -p '["
                + "{\"op\":\"test\",\"path\":\"/spec/predictor/storageUris/0/uri\",\"value\":\"oci://quay.io/ns/model:latest\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/predictor/storageUris/0/uri\",\"value\":\"oci://quay.io/ns/model@"
                + DIGEST + "\"}]'");
    }

    @Test
    void whenTheNamesCouldBreakTheShellCommandThenRefused() {
        assertThatThrownBy(() -> Pinning.kubectlPatch("team-a; rm -rf /", "iris", "spec.x", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pinning.kubectlPatch("team-a", "iris", "spec.x", "a'", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pinning.kubectlPatch("team-a", "iris", "spec.predictor.containers[0].env[STORAGE_URI]",
                "a", "b")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String pin(String uri) {
        return Pinning.pinnedUri(uri, ImageName.parse(uri), DIGEST);
    }
}
