package io.modelcar.console.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.modelcar.console.kubernetes.KServeVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restart pre-flight: the {@code inferenceservice-config} keys a restarted controller reads and dies on.
 * {@code deploy}, {@code ingress} and {@code multiNode} are read once at start-up by {@code cmd/manager/main.go},
 * which exits on an error (the new pod crash-loops); {@code storageInitializer} is read by the pod webhook, where a
 * malformed value panics and fails every InferenceService pod creation. Version-aware: KServe v0.16 renamed the
 * deployment modes.
 */
final class StartupConfigValidator {

    static final String DEPLOY = "deploy";
    static final String INGRESS = "ingress";
    static final String MULTI_NODE = "multiNode";
    static final String STORAGE_INITIALIZER = "storageInitializer";

    private static final Set<String> MODES_BEFORE_V0_16 = Set.of("Serverless", "RawDeployment", "ModelMeshDeployment");
    private static final Set<String> MODES_FROM_V0_16 = Set.of("Knative", "Standard", "Serverless", "RawDeployment",
            "ModelMeshDeployment");

    private final JsonMapper json;
    private final StorageInitializerCheck storageInitializer;

    StartupConfigValidator(JsonMapper json, StorageInitializerCheck storageInitializer) {
        this.json = json;
        this.storageInitializer = storageInitializer;
    }

    /** What would crash the controller (or its webhook) after a restart; empty when it is safe. */
    List<StartupKeyProblem> validate(Map<String, String> data, KServeVersion version) {
        List<StartupKeyProblem> problems = new ArrayList<>();
        deploy(data.get(DEPLOY), version, problems);
        ingress(data.get(INGRESS), problems);
        String multiNode = data.get(MULTI_NODE);
        if (multiNode != null && parse(multiNode) == null) {
            problems.add(new StartupKeyProblem(MULTI_NODE, "is not valid JSON: the controller exits at start-up"));
        }
        String storage = data.get(STORAGE_INITIALIZER);
        if (storage != null) {
            for (String message : storageInitializer.problems(storage, version)) {
                problems.add(new StartupKeyProblem(STORAGE_INITIALIZER, message
                        + ": the pod webhook would fail every InferenceService pod creation"));
            }
        }
        return problems;
    }

    private void deploy(String raw, KServeVersion version, List<StartupKeyProblem> problems) {
        JsonNode deploy = raw == null ? null : parse(raw);
        if (raw == null || deploy == null || !deploy.isObject()) {
            problems.add(new StartupKeyProblem(DEPLOY, (raw == null ? "is missing" : "is not a valid JSON object")
                    + ": the controller exits at start-up without a defaultDeploymentMode"));
            return;
        }
        JsonNode mode = deploy.get("defaultDeploymentMode");
        if (mode == null || !mode.isString() || mode.asString().isEmpty()) {
            problems.add(new StartupKeyProblem(DEPLOY,
                    "has no defaultDeploymentMode: the controller exits at start-up"));
            return;
        }
        boolean renamed = version == null || version.atLeast(KServeVersion.V0_16);
        Set<String> accepted = renamed ? MODES_FROM_V0_16 : MODES_BEFORE_V0_16;
        if (!accepted.contains(mode.asString())) {
            String hint = !renamed && MODES_FROM_V0_16.contains(mode.asString())
                    ? " (Knative and Standard exist from KServe v0.16; use Serverless or RawDeployment on "
                            + version + ")"
                    : " (accepted: " + String.join(", ", accepted.stream().sorted().toList()) + ")";
            problems.add(new StartupKeyProblem(DEPLOY, "defaultDeploymentMode \"" + mode.asString()
                    + "\" is not valid for KServe " + (version == null ? "(version unknown)" : version) + hint
                    + ": the controller exits at start-up"));
        }
    }

    private void ingress(String raw, List<StartupKeyProblem> problems) {
        JsonNode ingress = raw == null ? null : parse(raw);
        if (raw == null || ingress == null || !ingress.isObject()) {
            problems.add(new StartupKeyProblem(INGRESS, (raw == null ? "is missing" : "is not a valid JSON object")
                    + ": the controller exits at start-up"));
            return;
        }
        JsonNode gateway = ingress.get("ingressGateway");
        if (gateway == null || !gateway.isString() || gateway.asString().isBlank()) {
            problems.add(new StartupKeyProblem(INGRESS,
                    "has no ingressGateway: the controller exits at start-up (NewIngressConfig fails)"));
        }
    }

    private JsonNode parse(String raw) {
        try {
            JsonNode node = json.readTree(raw);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }
}
