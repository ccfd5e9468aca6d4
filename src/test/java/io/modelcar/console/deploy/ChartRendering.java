package io.modelcar.console.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.modelcar.console.testsupport.MockKubernetesApi;

/**
 * Renders the Helm chart with real Helm (helm-java, no binary) and parses every manifest into fabric8's typed
 * Kubernetes models, as {@code helm template | kubectl apply --dry-run} would.
 * <p>
 * helm-java's template, unlike the helm CLI's, evaluates {@code lookup} against a cluster: the one of
 * the kubeconfig, else {@code localhost:8080} (where a developer's console may well be listening). So the embedded
 * Helm gets its own cluster: an in-memory API for this JVM, named in {@code HELM_KUBEAPISERVER}, which only Helm
 * reads (set in the C environment before the native library loads; pom.xml gives it a closed port beforehand). Tests put Secrets there to see
 * what an upgrade renders.
 */
final class ChartRendering {

    static final Path CHART = Path.of("helm", "modelcar-console");
    static final String RELEASE = "console";
    static final String RELEASE_NAMESPACE = "modelcar";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The cluster that Helm's {@code lookup} sees. */
    static final MockKubernetesApi CLUSTER = startClusterForHelm();

    private ChartRendering() {
    }

    private static MockKubernetesApi startClusterForHelm() {
        MockKubernetesApi api = MockKubernetesApi.start();
        // Overwrites the variable that pom.xml sets for the test JVM (adding a new one would not reach the already
        // copied environment of the Go library).
        if (com.sun.jna.platform.unix.LibC.INSTANCE.setenv("HELM_KUBEAPISERVER", api.url(), 1) != 0) {
            throw new IllegalStateException("setenv HELM_KUBEAPISERVER failed");
        }
        return api;
    }

    /** {@code helm template console helm/modelcar-console -n modelcar [-f values] [--set k=v ...]}. */
    static String template(Path valuesFile, Map<String, Object> sets) {
        return template(CHART, valuesFile, sets);
    }

    static String template(Path chart, Path valuesFile, Map<String, Object> sets) {
        TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(RELEASE_NAMESPACE);
        if (valuesFile != null) {
            command.withValuesFile(valuesFile);
        }
        sets.forEach(command::set);
        return command.call();
    }

    static Manifests render(Path valuesFile, Map<String, Object> sets) {
        return Manifests.parse(template(valuesFile, sets));
    }

    static Manifests renderDefaults() {
        return render(null, Map.of());
    }

    static Path valuesFile(Path dir, String yaml) {
        try {
            Path file = dir.resolve("values-" + System.nanoTime() + ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rendered objects, typed. */
    record Manifests(List<HasMetadata> objects) {

        static Manifests parse(String rendered) {
            List<HasMetadata> objects = new ArrayList<>();
            for (String document : rendered.split("(?m)^---\\s*$")) {
                if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                    continue;
                }
                Object parsed = SERIALIZATION.unmarshal(document);
                if (!(parsed instanceof HasMetadata object)) {
                    throw new AssertionError("Not a Kubernetes object: " + document);
                }
                objects.add(object);
            }
            return new Manifests(List.copyOf(objects));
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            if (found.size() != 1) {
                throw new AssertionError("Expected one " + type.getSimpleName() + " but found " + found.size());
            }
            return found.get(0);
        }

        List<String> kinds() {
            return objects.stream().map(HasMetadata::getKind).sorted().toList();
        }
    }
}
