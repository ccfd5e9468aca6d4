package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.modelcar.console.kubernetes.KServeInstallation;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.Prerequisite;

/**
 * KServe itself as the judge of the configuration page's "valid": for each stored {@code storageInitializer} text
 * below, KServe's pod webhook (it decodes the value on every admission, {@code GetStorageInitializerConfigs}) and the
 * API server's pod validation get two model pods created with {@code dryRun=All}, one of an {@code oci://} model
 * (the modelcar path) and one of an {@code s3://} model (the storage-initializer path). The console's view of the
 * same stored text must be valid exactly when both are admitted. Texts, not trees: a key written twice, text after
 * the object and numbers Go refuses for an integer are what a hand edit with {@code kubectl} leaves behind, and a
 * tree would hide them. Results: docs/kserve-oracle.md.
 */
class KServeValidityOracleTest {

    @RegisterExtension
    static final Prerequisite KSERVE = KServeCluster.PREREQUISITE;

    /** What every case starts from: valid on both releases, Modelcars on, so that both pods exercise the value. */
    static final String BASE = "\"image\": \"kserve/storage-initializer:latest\", \"memoryRequest\": \"100Mi\", "
            + "\"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\", \"enableModelcar\": true, "
            + "\"cpuModelcar\": \"10m\", \"memoryModelcar\": \"15Mi\", \"uidModelcar\": 1010";

    static Map<String, String> cases() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("the base value", "{" + BASE + "}");
        cases.put("a key twice, the first mistyped", "{\"enableModelcar\": \"true\", " + BASE + "}");
        cases.put("a key twice, the last mistyped", "{" + BASE + ", \"enableModelcar\": \"true\"}");
        cases.put("a key twice, the first a bad quantity", "{\"cpuLimit\": \"lots\", " + BASE + "}");
        cases.put("a key twice, the last a bad quantity", "{" + BASE + ", \"cpuLimit\": \"lots\"}");
        cases.put("a key twice in two spellings, the first mistyped", "{\"EnableModelcar\": \"yes\", " + BASE + "}");
        // Go folds keys with Unicode's simple folding: the long s (U+017F) matches "s", so this is enableOciModelSupport
        cases.put("a key spelt with a long s, mistyped", "{" + BASE + ", \"enableOciModel\u017Fupport\": \"yes\"}");
        cases.put("an unknown key twice", "{\"team\": 1, " + BASE + ", \"team\": [\"a\"]}");
        cases.put("null for a known key", "{" + BASE + ", \"enableModelcar\": null}");
        cases.put("uidModelcar a string", "{" + BASE + ", \"uidModelcar\": \"1010\"}");
        cases.put("uidModelcar 1010.0", "{" + BASE + ", \"uidModelcar\": 1010.0}");
        cases.put("uidModelcar 1e3", "{" + BASE + ", \"uidModelcar\": 1e3}");
        cases.put("uidModelcar over int64", "{" + BASE + ", \"uidModelcar\": 9223372036854775808}");
        cases.put("uidModelcar over int32", "{" + BASE + ", \"uidModelcar\": 2147483648}");
        cases.put("uidModelcar negative", "{" + BASE + ", \"uidModelcar\": -1}");
        cases.put("cpuLimit 1e3", "{" + BASE + ", \"cpuLimit\": \"1e3\"}");
        cases.put("cpuLimit 1E3", "{" + BASE + ", \"cpuLimit\": \"1E3\"}");
        cases.put("cpuRequest 2e-3", "{" + BASE + ", \"cpuRequest\": \"2e-3\"}");
        cases.put("cpuLimit 1e19, over 2^63-1", "{" + BASE + ", \"cpuLimit\": \"1e19\"}");
        cases.put("memoryLimit 8Ei, 2^63", "{" + BASE + ", \"memoryLimit\": \"8Ei\"}");
        cases.put("cpuRequest 1e-10, below 1n", "{" + BASE + ", \"cpuRequest\": \"1e-10\"}");
        cases.put("cpuRequest 0.1n", "{" + BASE + ", \"cpuRequest\": \"0.1n\"}");
        cases.put("memoryRequest 9Ei over memoryLimit 8Ei, both capped", "{" + BASE
                + ", \"memoryRequest\": \"9Ei\", \"memoryLimit\": \"8Ei\"}");
        cases.put("cpuLimit 1e100000", "{" + BASE + ", \"cpuLimit\": \"1e100000\"}");
        cases.put("cpuLimit 1e4294967297, read as 10", "{" + BASE + ", \"cpuLimit\": \"1e4294967297\"}");
        cases.put("cpuRequest 1.5n over cpuLimit 2n, rounded up", "{" + BASE
                + ", \"cpuRequest\": \"1.5n\", \"cpuLimit\": \"2n\"}");
        cases.put("cpuLimit a number", "{" + BASE + ", \"cpuLimit\": 1}");
        cases.put("cpuLimit empty", "{" + BASE + ", \"cpuLimit\": \"\"}");
        cases.put("memoryLimit 1Gb", "{" + BASE + ", \"memoryLimit\": \"1Gb\"}");
        cases.put("cpuRequest over cpuLimit", "{" + BASE + ", \"cpuRequest\": \"2\"}");
        cases.put("cpuModelcar negative", "{" + BASE + ", \"cpuModelcar\": \"-10m\"}");
        cases.put("image a boolean", "{" + BASE + ", \"image\": true}");
        cases.put("text after the object", "{" + BASE + "} x");
        cases.put("a number with a leading zero", "{" + BASE + ", \"team\": 01}");
        cases.put("null", "null");
        cases.put("an empty object", "{}");
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.modelcar.console.testsupport.KServeCluster#releases")
    void theStoredValueIsValidExactlyWhenKServeAdmitsModelPods(KServeRelease release) {
        KServeVersion version = KServeVersion.parse(release.version()).orElseThrow();
        KServeInstallation installation = new KServeInstallation(KServeCluster.NAMESPACE, "inferenceservice-config",
                "kserve-controller-manager", "kserve/kserve-controller:" + release.version(), version);
        KServeCluster kserve = KServeCluster.shared(release, Map.of());
        String namespace = "validity-" + release.minor();
        List<String> rows = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        try {
            kserve.plane().createNamespace(namespace);
            for (Map.Entry<String, String> x : cases().entrySet()) {
                kserve.configure(Map.of("storageInitializer", x.getValue()));
                String kserveSays = admitted(kserve.admin(), namespace);
                StorageInitializerView view = StorageInitializerService.view(new StoredConfig(KServeCluster.NAMESPACE,
                        "inferenceservice-config", "1", x.getValue(), Map.of(), Map.of(), List.of(), null),
                        installation);
                String consoleSays = view.valid() ? "valid" : "invalid: " + view.problems().stream()
                        .filter(p -> "error".equals(p.severity())).map(FieldProblem::field).distinct().toList();
                boolean agree = view.valid() == kserveSays.equals("admitted");
                String row = String.format("%-8s | %-48s | %-60s | %-40s | %s", release.version(), x.getKey(),
                        shorten(kserveSays, 60), consoleSays, agree ? "agree" : "DISAGREE");
                rows.add(row);
                if (!agree) {
                    disagreements.add(row);
                }
            }
        } finally {
            System.out.println("Validity oracle, " + release + ": " + rows.size() + " cases, "
                    + disagreements.size() + " disagreements");
            rows.forEach(System.out::println);
            kserve.clear();
        }
        assertThat(rows).hasSize(cases().size());
        assertThat(rows.get(0)).as("the base value must be admitted, or the judge judges something else")
                .endsWith("agree").contains("admitted");
        assertThat(disagreements).as("stored values the console and " + release + " judge differently").isEmpty();
    }

    /** "admitted", or the first refusal of the two model pods. */
    private static String admitted(KubernetesClient admin, String namespace) {
        for (String uri : List.of("oci://registry.example.com/models/judge:1.0", "s3://models/judge")) {
            Pod pod = new PodBuilder().withNewMetadata().withGenerateName("judge-").withNamespace(namespace)
                    .addToLabels("serving.kserve.io/inferenceservice", "judge")
                    .addToAnnotations("internal.serving.kserve.io/storage-initializer-sourceuri", uri).endMetadata()
                    .withNewSpec().addToContainers(new ContainerBuilder().withName("kserve-container")
                            .withImage("kserve/sklearnserver:latest").build()).endSpec().build();
            try {
                admin.pods().inNamespace(namespace).resource(pod).dryRun().create();
            } catch (KubernetesClientException e) {
                return "refused (" + uri.substring(0, uri.indexOf(':')) + "): "
                        + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage());
            }
        }
        return "admitted";
    }

    private static String shorten(String text, int max) {
        String line = text.replace('\n', ' ');
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
