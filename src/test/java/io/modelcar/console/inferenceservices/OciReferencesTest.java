package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference table: each row is a storage URI and what the container runtime and Kubernetes make of it
 * (kserve-facts.md 4 "Image pull policy" and 5). "-" means null / none.
 */
class OciReferencesTest {

    static final String H = "3f1b6a7e9c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccdde";
    static final String D = "sha256:" + H;

    // uri | registry | repository | tag | digest | pullPolicy | warnings
    static final String TABLE = """
            oci://quay.io/ns/model:1.0 | quay.io | ns/model | 1.0 | - | IfNotPresent | -
            oci://quay.io/ns/model:latest | quay.io | ns/model | latest | - | Always | latest-tag
            oci://quay.io/ns/model | quay.io | ns/model | - | - | Always | untagged
            oci://quay.io/ns/model@D | quay.io | ns/model | - | D | IfNotPresent | -
            oci://quay.io/ns/model:latest@D | quay.io | ns/model | latest | D | Always | latest-tag
            oci://quay.io/ns/model:v1@D | quay.io | ns/model | v1 | D | IfNotPresent | -
            oci://registry:5000/ns/model | registry:5000 | ns/model | - | - | Always | untagged
            oci://registry:5000/ns/model:1.0 | registry:5000 | ns/model | 1.0 | - | IfNotPresent | -
            oci://registry:5000/ns/model:latest | registry:5000 | ns/model | latest | - | Always | latest-tag
            oci://registry:5000/ns/model@D | registry:5000 | ns/model | - | D | IfNotPresent | -
            oci://registry.internal:5000/models/granite-7b:1.4.0 | registry.internal:5000 | models/granite-7b | 1.4.0 | - | IfNotPresent | -
            oci://localhost/model:1 | localhost | model | 1 | - | IfNotPresent | -
            oci://localhost:5000/model | localhost:5000 | model | - | - | Always | untagged
            oci://127.0.0.1:5000/ns/model:2 | 127.0.0.1:5000 | ns/model | 2 | - | IfNotPresent | -
            oci://[::1]:5000/ns/model:2 | [::1]:5000 | ns/model | 2 | - | IfNotPresent | -
            oci://[2001:db8::1]/model:3 | [2001:db8::1] | model | 3 | - | IfNotPresent | -
            oci://model | docker.io | library/model | - | - | Always | untagged
            oci://model:1 | docker.io | library/model | 1 | - | IfNotPresent | -
            oci://model:latest | docker.io | library/model | latest | - | Always | latest-tag
            oci://myuser/model:1 | docker.io | myuser/model | 1 | - | IfNotPresent | -
            oci://myregistry/repo:1 | docker.io | myregistry/repo | 1 | - | IfNotPresent | -
            oci://rhuss/kserving-example-sklearn:1.0 | docker.io | rhuss/kserving-example-sklearn | 1.0 | - | IfNotPresent | -
            oci://docker.io/model:1 | docker.io | library/model | 1 | - | IfNotPresent | -
            oci://docker.io/library/model:1 | docker.io | library/model | 1 | - | IfNotPresent | -
            oci://index.docker.io/myuser/model:1 | docker.io | myuser/model | 1 | - | IfNotPresent | -
            oci://docker.io/myuser/model | docker.io | myuser/model | - | - | Always | untagged
            oci://model@D | docker.io | library/model | - | D | IfNotPresent | -
            oci://a/b/c/d/model:7 | docker.io | a/b/c/d/model | 7 | - | IfNotPresent | -
            oci://ghcr.io/org/team/model:2024.11 | ghcr.io | org/team/model | 2024.11 | - | IfNotPresent | -
            oci://quay.io/ns/my_model:1 | quay.io | ns/my_model | 1 | - | IfNotPresent | -
            oci://quay.io/ns/my__model:1 | quay.io | ns/my__model | 1 | - | IfNotPresent | -
            oci://quay.io/ns/my--model:1 | quay.io | ns/my--model | 1 | - | IfNotPresent | -
            oci://quay.io/ns/my.model:1 | quay.io | ns/my.model | 1 | - | IfNotPresent | -
            oci://quay.io/ns/model:V1.0_RC-2 | quay.io | ns/model | V1.0_RC-2 | - | IfNotPresent | -
            oci://quay.io/ns/model:LATEST | quay.io | ns/model | LATEST | - | IfNotPresent | -
            oci://quay.io/ns/model:_1 | quay.io | ns/model | _1 | - | IfNotPresent | -
            oci://quay.io/ns/model:TAG128 | quay.io | ns/model | TAG128 | - | IfNotPresent | -
            oci://quay.io/ns/model:TAG129 | quay.io | ns/model | TAG129 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model:-1 | quay.io | ns/model | -1 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model:.1 | quay.io | ns/model | .1 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model: | quay.io | ns/model | - | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model@ | quay.io | ns/model | - | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model@sha256:abc | quay.io | ns/model | - | sha256:abc | IfNotPresent | invalid-reference
            oci://quay.io/ns/model@sha256:0123456789abcdef0123456789abcdef | quay.io | ns/model | - | sha256:0123456789abcdef0123456789abcdef | IfNotPresent | invalid-reference
            oci://quay.io/ns/model@md5:0123456789abcdef0123456789abcdef | quay.io | ns/model | - | md5:0123456789abcdef0123456789abcdef | IfNotPresent | invalid-reference
            oci://quay.io/ns/model@sha256:UPPER | quay.io | ns/model | - | sha256:UPPER | IfNotPresent | invalid-reference
            oci://quay.io/Vision/ResNet:1.0 | quay.io | Vision/ResNet | 1.0 | - | IfNotPresent | invalid-reference uppercase
            oci://Model:1 | docker.io | library/Model | 1 | - | IfNotPresent | invalid-reference uppercase
            oci://Model | docker.io | library/Model | - | - | IfNotPresent | invalid-reference uppercase
            oci://MyRegistry/model:1 | MyRegistry | model | 1 | - | IfNotPresent | -
            oci://Quay.IO/ns/model:1 | Quay.IO | ns/model | 1 | - | IfNotPresent | -
            oci://quay.io/ns/Model:latest | quay.io | ns/Model | latest | - | IfNotPresent | invalid-reference uppercase
            oci://quay.io/ns/-model:1 | quay.io | ns/-model | 1 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model-:1 | quay.io | ns/model- | 1 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns//model:1 | quay.io | ns//model | 1 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/mo del:1 | quay.io | ns/mo del | 1 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model___x:1 | quay.io | ns/model___x | 1 | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/model..x:1 | quay.io | ns/model..x | 1 | - | IfNotPresent | invalid-reference
            oci://quay.io/:1 | quay.io | - | 1 | - | IfNotPresent | invalid-reference
            oci:// | docker.io | - | - | - | IfNotPresent | invalid-reference
            oci://HEX64 | docker.io | library/HEX64 | - | - | IfNotPresent | invalid-reference
            oci://quay.io/ns/REPO255 | quay.io | ns/REPO255 | - | - | Always | untagged
            oci://quay.io/ns/REPO256 | quay.io | ns/REPO256 | - | - | IfNotPresent | invalid-reference
            oci://HUB255 | docker.io | library/HUB255 | - | - | Always | untagged
            oci://HUB256 | docker.io | library/HUB256 | - | - | IfNotPresent | invalid-reference
            oci://reg_1.io/ns/model:1 | reg_1.io | ns/model | 1 | - | IfNotPresent | -
            oci://Reg_1.io/ns/model:1 | Reg_1.io | ns/model | 1 | - | IfNotPresent | invalid-reference
            oci://bad_host.io/ns/model:1 | bad_host.io | ns/model | 1 | - | IfNotPresent | -
            oci://-bad.io/ns/model:1 | -bad.io | ns/model | 1 | - | IfNotPresent | invalid-reference
            oci://registry:port/ns/model:1 | registry:port | ns/model | 1 | - | IfNotPresent | invalid-reference
            oci+native://quay.io/ns/model:latest | quay.io | ns/model | latest | - | IfNotPresent | latest-tag
            oci+native://quay.io/ns/model | quay.io | ns/model | - | - | IfNotPresent | untagged
            oci+native://quay.io/ns/model:1.0 | quay.io | ns/model | 1.0 | - | IfNotPresent | -
            oci+native://quay.io/ns/model@D | quay.io | ns/model | - | D | IfNotPresent | -
            oci+fetch://quay.io/ns/model:latest | quay.io | ns/model | latest | - | Always | latest-tag
            oci+fetch://registry:5000/ns/model:2 | registry:5000 | ns/model | 2 | - | IfNotPresent | -
            oci+modelcar://quay.io/ns/model:1 | quay.io | ns/model | 1 | - | IfNotPresent | -
            oci+modelcar://quay.io/ns/model | quay.io | ns/model | - | - | Always | untagged
            oci://quay.io/acme-ai/llama-3-8b-instruct:latest | quay.io | acme-ai/llama-3-8b-instruct | latest | - | Always | latest-tag
            oci://registry.example.com/nlp/bert-sentiment | registry.example.com | nlp/bert-sentiment | - | - | Always | untagged
            oci://quay.io/vision/resnet50@sha256:3f1b6a7e9c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddee | quay.io | vision/resnet50 | - | sha256:3f1b6a7e9c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddee | IfNotPresent | invalid-reference
            """;

    static Stream<Arguments> table() {
        return TABLE.lines().map(String::strip).filter(l -> !l.isEmpty()).map(line -> {
            String[] c = Arrays.stream(line.split("\\|", -1)).map(String::strip).map(OciReferencesTest::expand)
                    .toArray(String[]::new);
            return Arguments.of(c[0], dash(c[1]), dash(c[2]), dash(c[3]), dash(c[4]), c[5],
                    "-".equals(c[6]) ? List.of() : List.of(c[6].split(" ")));
        });
    }

    @Test
    void theTableHasAtLeastSixtyReferences() {
        assertThat(table().count()).isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void parsesAsTheContainerRuntimeAndKubernetesWould(String uri, String registry, String repository, String tag,
            String digest, String pullPolicy, List<String> warnings) {
        OciReference ref = OciReferences.parse(uri);

        assertThat(ref).as(uri).isNotNull();
        assertThat(ref.registry()).as("registry").isEqualTo(registry);
        assertThat(ref.repository()).as("repository").isEqualTo(repository);
        assertThat(ref.tag()).as("tag").isEqualTo(tag);
        assertThat(ref.digest()).as("digest").isEqualTo(digest);
        assertThat(ref.pullPolicy()).as("pullPolicy").isEqualTo(pullPolicy);
        assertThat(ref.warnings()).extracting(Warning::code).as("warnings").containsExactlyInAnyOrderElementsOf(warnings);
        assertThat(ref.valid()).as("valid").isEqualTo(!warnings.contains(Warning.INVALID_REFERENCE));
        assertThat(ref.pinned()).as("pinned").isEqualTo(ref.valid() && digest != null);
    }

    @Test
    void whenDigestOnlyThenPinnedAndNeverUntagged() {
        OciReference ref = OciReferences.parse("oci://quay.io/ns/model@" + D);

        assertThat(ref.pinned()).isTrue();
        assertThat(ref.warnings()).isEmpty();
    }

    @Test
    void whenSchemeIsNotOciThenNotParsed() {
        assertThat(OciReferences.parse("s3://bucket/model")).isNull();
        assertThat(OciReferences.parse("OCI://quay.io/ns/model:1")).as("the prefix check is case-sensitive").isNull();
        assertThat(OciReferences.parse("hf://Qwen/Qwen2.5")).isNull();
        assertThat(OciReferences.parse(null)).isNull();
    }

    @Test
    void theSchemeSelectsTheMode() {
        assertThat(OciReferences.parse("oci://q.io/m:1").mode()).isEqualTo("oci");
        assertThat(OciReferences.parse("oci+native://q.io/m:1").mode()).isEqualTo("native");
        assertThat(OciReferences.parse("oci+fetch://q.io/m:1").mode()).isEqualTo("fetch");
        assertThat(OciReferences.parse("oci+modelcar://q.io/m:1").mode()).isEqualTo("modelcar");
        assertThat(OciReferences.parse("oci+native://q.io/m:1").image()).isEqualTo("q.io/m:1");
    }

    @Test
    void whenTagWithDigestIsLatestThenTheWarningIsAboutThePullPolicyOnly() {
        OciReference ref = OciReferences.parse("oci://quay.io/ns/model:latest@" + D);

        assertThat(ref.pinned()).isTrue();
        assertThat(ref.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("digest"));
    }

    // pkg/utils/storage.go:692 (v0.20.0): an oci+native image volume is pulled IfNotPresent, untagged or not
    @Test
    void whenNativeIsUntaggedThenTheWarningSaysStaleNotAlways() {
        OciReference ref = OciReferences.parse("oci+native://quay.io/ns/model");

        assertThat(ref.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(Warning.UNTAGGED);
            assertThat(w.message()).doesNotContain("Always").doesNotContain("every pod start")
                    .contains("IfNotPresent");
        });
    }

    private static String dash(String s) {
        return "-".equals(s) ? null : s;
    }

    private static String expand(String s) {
        return s.replace("TAG128", "t".repeat(128)).replace("TAG129", "t".repeat(129))
                // distribution/reference v0.6 limits the path after the domain ("ns/...") to 255 characters
                .replace("REPO255", "r".repeat(255 - "ns/".length()))
                .replace("REPO256", "r".repeat(256 - "ns/".length()))
                // a one-component Docker Hub name counts with the "library/" it is normalised to
                .replace("HUB255", "h".repeat(255 - "library/".length()))
                .replace("HUB256", "h".repeat(256 - "library/".length()))
                .replace("HEX64", H.substring(0, 62) + "ab").replace("@D", "@" + D).replace("| D |", "| " + D + " |")
                .replaceAll("^D$", D);
    }

    // issue 13.13: go-digest v1.0.0 registers sha256, sha384 and sha512 only, lowercase hex of 64/96/128
    @Test
    void onlyTheDigestAlgorithmsGoDigestRegistersAreValid() {
        assertThat(OciReferences.parse("oci://quay.io/ns/m@sha384:" + "a".repeat(96)).valid()).isTrue();
        assertThat(OciReferences.parse("oci://quay.io/ns/m@sha512:" + "a".repeat(128)).valid()).isTrue();
        assertThat(OciReferences.parse("oci://quay.io/ns/m@md5:" + "a".repeat(32)).valid()).isFalse();
        assertThat(OciReferences.parse("oci://quay.io/ns/m@sha256+b64:" + "a".repeat(64)).valid()).isFalse();
        assertThat(OciReferences.parse("oci://quay.io/ns/m@sha384:" + "a".repeat(64)).valid()).isFalse();
    }

    // issue 13.13: distribution/reference v0.6 Parse counts the path without the domain (RepositoryNameTotalLengthMax)
    @Test
    void theNameLengthLimitCountsThePathWithoutTheRegistry() {
        String path = "ns/" + "m".repeat(250); // 253 characters
        assertThat(OciReferences.parse("oci://quay.io/" + path + ":1").valid()).isTrue();
        assertThat(OciReferences.parse("oci://quay.io/" + path + "mmm:1").valid()).isFalse();
    }

    // issue 13.13: ParseOciScheme (pkg/utils/storage.go, v0.20) needs a mode between "oci+" and "://"
    @Test
    void ociPlusNothingIsNotOci() {
        assertThat(OciReferences.isOci("oci+://quay.io/ns/m:1")).isFalse();
        assertThat(OciReferences.parse("oci+://quay.io/ns/m:1")).isNull();
    }
}
