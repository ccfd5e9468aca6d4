package io.modelcar.console.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageNameTest {

    static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void whenAHostHasAPortThenItIsNotATag() {
        ImageName name = ImageName.parse("oci://registry:5000/ns/model");

        assertThat(name.registry()).isEqualTo("registry:5000");
        assertThat(name.repository()).isEqualTo("ns/model");
        assertThat(name.tag()).isNull();
        assertThat(name.effectiveTag()).isEqualTo("latest");
    }

    @Test
    void whenTheFirstComponentHasNoDotThenItIsADockerHubNamespace() {
        ImageName name = ImageName.parse("oci://myregistry/repo:1");

        assertThat(name.registry()).isEqualTo("docker.io");
        assertThat(name.repository()).isEqualTo("myregistry/repo");
        assertThat(name.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageName.parse("busybox").repository()).isEqualTo("library/busybox");
    }

    @Test
    void whenADigestIsGivenThenThereIsNoImplicitLatest() {
        ImageName name = ImageName.parse("quay.io/ns/model@" + DIGEST);

        assertThat(name.digest()).isEqualTo(DIGEST);
        assertThat(name.effectiveTag()).isNull();
        assertThat(ImageName.parse("oci+native://quay.io/ns/model:v1@" + DIGEST).tag()).isEqualTo("v1");
    }

    @Test
    void whenTheRepositoryIsUppercaseOrTheTagIsBadThenInvalid() {
        assertThatThrownBy(() -> ImageName.parse("quay.io/NS/model:1")).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> ImageName.parse("quay.io/ns/model:-x")).hasMessageContaining("tag");
        assertThatThrownBy(() -> ImageName.parse("s3://bucket/model")).hasMessageContaining("oci://");
        assertThatThrownBy(() -> ImageName.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void whenPushingThenATagIsRequired() {
        assertThat(ImageName.forPush("127.0.0.1:5000", "models/iris", "1.0").toString())
                .isEqualTo("127.0.0.1:5000/models/iris:1.0");
        assertThatThrownBy(() -> ImageName.forPush("127.0.0.1:5000", "models/iris", null))
                .hasMessageContaining("tag is required");
        assertThatThrownBy(() -> ImageName.forPush("http://x", "models/iris", "1"))
                .hasMessageContaining("host[:port]");
    }
}
