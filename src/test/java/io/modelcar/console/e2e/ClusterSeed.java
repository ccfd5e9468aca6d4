package io.modelcar.console.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Installs on a real cluster what {@code docker compose --profile k3s} installs: the trimmed InferenceService CRD
 * ({@code deploy/crds}), the minimal KServe ({@code deploy/k3s/kserve.yaml}), then the sandbox's
 * {@code inferenceservice-config} and sample InferenceServices.
 */
final class ClusterSeed {

    static final Path CRD = Path.of("deploy", "crds", "serving.kserve.io_inferenceservices.yaml");
    static final Path KSERVE = Path.of("deploy", "k3s", "kserve.yaml");

    private ClusterSeed() {
    }

    static void kserve(KubernetesClient client) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .load(read(CRD)).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream().anyMatch(
                                cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                        60, TimeUnit.SECONDS);
        List<HasMetadata> kserve = client.load(read(KSERVE)).items();
        kserve.stream().filter(Namespace.class::isInstance).forEach(o -> client.resource(o).create());
        kserve.stream().filter(o -> !(o instanceof Namespace)).forEach(o -> client.resource(o).create());
        for (String sample : List.of("sandbox/inferenceservice-config.yaml", "sandbox/inferenceservices.yaml")) {
            try (InputStream in = ClusterSeed.class.getClassLoader().getResourceAsStream(sample)) {
                client.load(in).items().forEach(o -> client.resource(o).create());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static InputStream read(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
