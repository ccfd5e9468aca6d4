package io.modelcar.console.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;

/**
 * The sandbox: an in-memory Kubernetes API on {@code 127.0.0.1:18080} seeded with a KServe v0.20.0 installation,
 * a kubeconfig for {@code kubectl} in {@code target/sandbox/kubeconfig}, and the console on port 8080 against it.
 * Started by {@code ./mvnw spring-boot:test-run}.
 */
public final class SandboxApplication {

    public static final int API_PORT = 18080;
    private static final Logger log = LoggerFactory.getLogger(SandboxApplication.class);

    private SandboxApplication() {
    }

    public static void main(String[] args) throws IOException {
        MockKubernetesApi api = MockKubernetesApi.start(Integer.getInteger("sandbox.api-port", API_PORT));
        KubernetesClient client = api.client();
        new KServeSeed(client).all();
        SandboxSimulations.start(client);
        Path kubeconfig = writeKubeconfig(api.url(), Path.of("target", "sandbox", "kubeconfig"));
        log.info("Sandbox Kubernetes API on {}; kubectl --kubeconfig {} get isvc -A", api.url(), kubeconfig);
        SpringApplication app = new SpringApplication(ModelcarConsoleApplication.class);
        app.setAdditionalProfiles("sandbox");
        app.setDefaultProperties(java.util.Map.of("console.kubernetes.master-url", api.url()));
        app.run(args);
    }

    static Path writeKubeconfig(String server, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: modelcar-sandbox
                  cluster:
                    server: %s
                contexts:
                - name: modelcar-sandbox
                  context:
                    cluster: modelcar-sandbox
                    user: sandbox
                    namespace: kserve
                current-context: modelcar-sandbox
                users:
                - name: sandbox
                  user:
                    token: sandbox
                """.formatted(server));
        return file;
    }
}
