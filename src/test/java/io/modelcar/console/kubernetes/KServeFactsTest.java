package io.modelcar.console.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The per-release table against SupportedStorageURIPrefixList as each tag of kserve/kserve spells it. */
class KServeFactsTest {

    @Test
    void storagePrefixesAreEachReleasesOwnList() {
        List<String> base = List.of("gs://", "s3://", "pvc://", "file://", "https://", "http://", "hdfs://",
                "webhdfs://");
        assertThat(KServeFacts.supportedStoragePrefixes(new KServeVersion(0, 11, 2))).isEqualTo(base);
        assertThat(KServeFacts.supportedStoragePrefixes(new KServeVersion(0, 14, 1)))
                .containsExactly("gs://", "s3://", "pvc://", "file://", "https://", "http://", "hdfs://",
                        "webhdfs://", "oci://");
        assertThat(KServeFacts.supportedStoragePrefixes(new KServeVersion(0, 19, 0))).endsWith("oci://", "hf://");
        assertThat(KServeFacts.supportedStoragePrefixes(KServeVersion.V0_20)).endsWith("oci://", "oci+native://",
                "hf://");
    }

    @Test
    void anUnknownVersionIsAnsweredAsTheNewestAndMayHoldEverything() {
        assertThat(KServeFacts.OCI_MODEL_MODE_KEYS.holds(null)).isTrue();
        assertThat(KServeFacts.INGRESS_SERVICE_REQUIRED.holds(null)).isFalse();
        assertThat(KServeFacts.INGRESS_SERVICE_REQUIRED.mayHold(null)).isTrue();
        assertThat(KServeFacts.INGRESS_SERVICE_REQUIRED.holds(new KServeVersion(0, 13, 1))).isTrue();
        assertThat(KServeFacts.values()).allSatisfy(f -> assertThat(f.source()).isNotBlank());
    }
}
