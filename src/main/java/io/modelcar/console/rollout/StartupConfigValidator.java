package io.modelcar.console.rollout;

import static io.modelcar.console.rollout.GoJsonStruct.Field;
import static io.modelcar.console.rollout.GoJsonStruct.Type.BOOL;
import static io.modelcar.console.rollout.GoJsonStruct.Type.STRING;
import static io.modelcar.console.rollout.GoJsonStruct.Type.STRING_LIST;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.modelcar.console.kubernetes.KServeFacts;
import io.modelcar.console.kubernetes.KServeVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The restart pre-flight: the {@code inferenceservice-config} keys a restarted controller reads at start-up and
 * exits on ({@code cmd/manager/main.go}: {@code NewDeployConfig}, {@code NewIngressConfig}, from v0.15
 * {@code NewMultiNodeConfig}; rules from {@code pkg/apis/serving/v1beta1/configmap.go} of the release). Each is
 * checked only when the key is present, as KServe does; a missing key means KServe's defaults.
 *
 * <p>{@code storageInitializer} is not read at start-up, so it never blocks a restart; what a bad value breaks
 * (every pod admission, and from v0.16 every InferenceService reconcile) is reported by
 * {@link #storageInitializerDamage}.
 */
@Component
final class StartupConfigValidator {

    static final String DEPLOY = "deploy";
    static final String INGRESS = "ingress";
    static final String MULTI_NODE = "multiNode";
    static final String STORAGE_INITIALIZER = "storageInitializer";

    private static final KServeVersion V0_12 = KServeVersion.V0_12;
    private static final KServeVersion V0_13 = KServeVersion.V0_13;
    private static final KServeVersion V0_14 = new KServeVersion(0, 14, 0);
    private static final KServeVersion V0_15 = new KServeVersion(0, 15, 0);
    private static final KServeVersion V0_18 = new KServeVersion(0, 18, 0);
    private static final KServeVersion V0_19 = new KServeVersion(0, 19, 0);

    /** {@code DeployConfig} (configmap.go). */
    private static final GoJsonStruct DEPLOY_CONFIG = GoJsonStruct.of(
            Field.of("defaultDeploymentMode", STRING),
            Field.object("deploymentRolloutStrategy", GoJsonStruct.of(
                    Field.object("defaultRollout", GoJsonStruct.of(
                            Field.of("maxSurge", STRING), Field.of("maxUnavailable", STRING)))))
                    .since(KServeVersion.V0_16));

    /** {@code IngressConfig} (configmap.go), each field with the releases that have it. */
    private static final GoJsonStruct INGRESS_CONFIG = GoJsonStruct.of(
            Field.of("enableGatewayApi", BOOL).since(V0_15),
            Field.of("kserveIngressGateway", STRING).since(V0_15),
            Field.of("ingressGateway", STRING),
            Field.of("ingressService", STRING).until(V0_14),
            Field.of("knativeLocalGatewayService", STRING).since(V0_14),
            Field.of("localGateway", STRING),
            Field.of("localGatewayService", STRING),
            Field.of("ingressDomain", STRING),
            Field.of("ingressClassName", STRING),
            Field.of("additionalIngressDomains", STRING_LIST).since(V0_13),
            Field.of("domainTemplate", STRING),
            Field.of("urlScheme", STRING),
            Field.of("enableLLMInferenceServiceTLS", BOOL).since(V0_18),
            Field.of("disableIstioVirtualHost", BOOL),
            Field.of("pathTemplate", STRING),
            Field.of("disableIngressCreation", BOOL).since(V0_12),
            Field.of("disableHTTPRouteTimeout", BOOL).since(V0_18),
            Field.of("modelBasedRoutingHeaderName", STRING).since(V0_19),
            Field.of("modelBasedRoutingMode", STRING).since(V0_19));

    /** {@code MultiNodeConfig} (configmap.go). */
    private static final GoJsonStruct MULTI_NODE_CONFIG = GoJsonStruct.of(
            Field.of("customGPUResourceTypeList", STRING_LIST));

    /** The mode names {@code NewDeployConfig} accepts (pkg/constants/constants.go: ModelMeshDeployment = "ModelMesh"). */
    private static final Set<String> MODES_BEFORE_V0_16 = Set.of("Serverless", "RawDeployment", "ModelMesh");
    private static final Set<String> MODES_FROM_V0_16 = Set.of("Knative", "Standard", "Serverless", "RawDeployment",
            "ModelMesh");

    /** k8s.io/apimachinery IsDNS1123Label. */
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final JsonMapper json;
    private final StorageInitializerCheck storageInitializer;

    StartupConfigValidator(JsonMapper json, StorageInitializerCheck storageInitializer) {
        this.json = json;
        this.storageInitializer = storageInitializer;
    }

    /**
     * What would make the restarted controller exit at start-up, from the values alone; empty when they are safe.
     * {@link #validate(Map, KServeVersion, ServedKinds)} also asks the cluster.
     */
    List<StartupKeyProblem> validate(Map<String, String> data, KServeVersion version) {
        return validate(data, version, null);
    }

    /**
     * What would make the restarted controller exit at start-up; empty when the restart is safe. With {@code served}
     * (null: not asked) it also checks what the controller needs of the cluster at start-up: with
     * {@code enableGatewayApi} it watches Gateway API HTTPRoutes and exits (v0.15 panics) when the API server does
     * not serve them ({@code controller.go SetupWithManager}, {@code utils.IsCrdAvailable}).
     */
    List<StartupKeyProblem> validate(Map<String, String> data, KServeVersion version, ServedKinds served) {
        List<StartupKeyProblem> problems = new ArrayList<>();
        String deploy = data.get(DEPLOY);
        if (deploy != null) {
            problem(DEPLOY, deploy(deploy, version), problems);
        }
        String ingress = data.get(INGRESS);
        if (ingress != null) {
            String problem = ingress(ingress, version);
            problem(INGRESS, problem != null || served == null ? problem : gatewayApi(ingress, version, served),
                    problems);
        }
        String multiNode = data.get(MULTI_NODE);
        if (multiNode != null && KServeFacts.MULTI_NODE_READ_AT_STARTUP.mayHold(version)) {
            problem(MULTI_NODE, decode(multiNode, MULTI_NODE_CONFIG, version).error(), problems);
        }
        return problems;
    }

    /**
     * What a bad {@code storageInitializer} breaks, though the controller starts: the pod webhook
     * (pkg/webhook/admission/pod/mutator.go) rejects every InferenceService pod it admits, and from v0.16 every
     * InferenceService reconcile fails. Empty when KServe accepts the value.
     */
    List<String> storageInitializerDamage(Map<String, String> data, KServeVersion version) {
        String storage = data.get(STORAGE_INITIALIZER);
        if (storage == null) {
            return List.of();
        }
        String damage = "the controller starts (it does not read storageInitializer at start-up), but its pod "
                + "webhook rejects every InferenceService pod creation"
                + (KServeFacts.STORAGE_INITIALIZER_PARSED_ON_RECONCILE.mayHold(version)
                        ? " and every InferenceService reconcile fails (" + reconcileSince(version) + ")" : "")
                + " until it is fixed";
        return storageInitializer.problems(storage, version).stream()
                .map(message -> STORAGE_INITIALIZER + " " + message + ": " + damage).toList();
    }

    private static String reconcileSince(KServeVersion version) {
        return version == null ? "on KServe v0.16 and later" : "KServe " + version + " parses it on every reconcile";
    }

    private static void problem(String key, String message, List<StartupKeyProblem> problems) {
        if (message != null) {
            problems.add(new StartupKeyProblem(key, message + ": the controller exits at start-up"));
        }
    }

    private String deploy(String raw, KServeVersion version) {
        GoJsonStruct.Decoded deploy = decode(raw, DEPLOY_CONFIG, version);
        if (deploy.error() != null) {
            return deploy.error();
        }
        String mode = deploy.string("defaultDeploymentMode");
        if (mode.isEmpty()) {
            return "has no defaultDeploymentMode (required when deploy is set)";
        }
        boolean renamed = KServeFacts.KNATIVE_AND_STANDARD_MODES.holds(version);
        Set<String> accepted = renamed ? MODES_FROM_V0_16 : MODES_BEFORE_V0_16;
        if (accepted.contains(mode)) {
            return null;
        }
        String hint = !renamed && MODES_FROM_V0_16.contains(mode)
                ? " (Knative and Standard exist from KServe v0.16; use Serverless or RawDeployment on " + version + ")"
                : " (accepted: " + String.join(", ", accepted.stream().sorted().toList()) + ")";
        return "defaultDeploymentMode \"" + mode + "\" is not valid for KServe "
                + (version == null ? "(version unknown)" : version) + hint;
    }

    /** Gateway API mode on a cluster without the HTTPRoute kind; null when off, served, or not known. */
    private String gatewayApi(String raw, KServeVersion version, ServedKinds served) {
        if (!KServeFacts.GATEWAY_API_NEEDS_HTTPROUTE.holds(version)
                || !decode(raw, INGRESS_CONFIG, version).bool("enableGatewayApi")) {
            return null;
        }
        Boolean httpRoutes = served.served(ServedKinds.GATEWAY_API, ServedKinds.HTTP_ROUTE);
        return Boolean.FALSE.equals(httpRoutes) ? "has enableGatewayApi, but the cluster serves no "
                + ServedKinds.GATEWAY_API + " " + ServedKinds.HTTP_ROUTE + " (the Gateway API CRDs are not installed)"
                : null;
    }

    private String ingress(String raw, KServeVersion version) {
        GoJsonStruct.Decoded ingress = decode(raw, INGRESS_CONFIG, version);
        if (ingress.error() != null) {
            return ingress.error();
        }
        if (KServeFacts.GATEWAY_API_VALIDATED.holds(version) && ingress.bool("enableGatewayApi")) {
            String gateway = ingress.string("kserveIngressGateway");
            String[] parts = gateway.split("/", -1);
            if (gateway.isEmpty()) {
                return "has enableGatewayApi but no kserveIngressGateway";
            }
            if (parts.length != 2) {
                return "kserveIngressGateway \"" + gateway + "\" is not in the form <namespace>/<name>";
            }
            if (!dns1123Label(parts[0]) || !dns1123Label(parts[1])) {
                return "kserveIngressGateway \"" + gateway + "\": the gateway " + (dns1123Label(parts[0]) ? "name"
                        : "namespace") + " is not a DNS-1123 label (lowercase letters, digits and -, at most 63)";
            }
        }
        if (ingress.string("ingressGateway").isEmpty()) {
            return "has no ingressGateway";
        }
        if (KServeFacts.INGRESS_SERVICE_REQUIRED.holds(version) && ingress.string("ingressService").isEmpty()) {
            return "has no ingressService (KServe " + version + " requires ingressGateway and ingressService)";
        }
        String pathTemplate = ingress.string("pathTemplate");
        if (!pathTemplate.isEmpty()) {
            String problem = GoTemplateSyntax.problem(pathTemplate);
            if (problem != null) {
                return "pathTemplate does not parse as a Go template (" + problem + ")";
            }
            if (ingress.string("ingressDomain").isEmpty()) {
                return "has a pathTemplate but no ingressDomain (required with pathTemplate)";
            }
        }
        return null;
    }

    private static boolean dns1123Label(String value) {
        return value.length() <= 63 && DNS1123_LABEL.matcher(value).matches();
    }

    /** json.Unmarshal into a pointer to the struct: not JSON, not an object, or JSON null (a nil dereference). */
    private GoJsonStruct.Decoded decode(String raw, GoJsonStruct struct, KServeVersion version) {
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (JacksonException e) {
            return new GoJsonStruct.Decoded(Map.of(), "is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            return new GoJsonStruct.Decoded(Map.of(), "is not valid JSON");
        }
        if (node.isNull()) {
            return new GoJsonStruct.Decoded(Map.of(), "is JSON null (the controller dereferences a nil config)");
        }
        if (!node.isObject()) {
            return new GoJsonStruct.Decoded(Map.of(), "is not a JSON object");
        }
        return struct.decode(node, version);
    }
}
