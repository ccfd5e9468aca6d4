package io.modelcar.console.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cases of the restart pre-flight differential ({@link KServePreflightOracleTest}): values of the
 * {@code deploy}, {@code ingress} and {@code multiNode} keys a starting controller reads, and a
 * {@code storageInitializer} it does not read at start-up, each written over the release's shipped
 * {@code inferenceservice-config} (a null value removes the key).
 */
final class PreflightMatrix {

    /** KServe's shipped ingress value (v0.17 and v0.20 agree on the keys used here). */
    static final String INGRESS = "{\"enableGatewayApi\": false, \"kserveIngressGateway\": "
            + "\"kserve/kserve-ingress-gateway\", \"ingressGateway\": \"knative-serving/knative-ingress-gateway\", "
            + "\"localGateway\": \"knative-serving/knative-local-gateway\", \"localGatewayService\": "
            + "\"knative-local-gateway.istio-system.svc.cluster.local\", \"ingressDomain\": \"example.com\", "
            + "\"ingressClassName\": \"istio\", \"urlScheme\": \"http\"}";

    record Case(String name, Map<String, String> data) {
    }

    private PreflightMatrix() {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // deploy
        for (String mode : List.of("RawDeployment", "Standard", "Serverless", "Knative", "ModelMesh",
                "ModelMeshDeployment", "rawdeployment", "Raw", "")) {
            cases.add(new Case("deploy mode \"" + mode + "\"",
                    data("deploy", "{\"defaultDeploymentMode\": \"" + mode + "\"}")));
        }
        cases.add(new Case("deploy missing", data("deploy", null)));
        cases.add(new Case("deploy {}", data("deploy", "{}")));
        cases.add(new Case("deploy not JSON", data("deploy", "{\"defaultDeploymentMode\": ")));
        cases.add(new Case("deploy mode a number", data("deploy", "{\"defaultDeploymentMode\": 1}")));
        cases.add(new Case("deploy mode null", data("deploy", "{\"defaultDeploymentMode\": null}")));
        cases.add(new Case("deploy an array", data("deploy", "[]")));
        cases.add(new Case("deploy JSON null", data("deploy", "null")));
        cases.add(new Case("deploy empty string", data("deploy", "")));
        cases.add(new Case("deploy unknown key", data("deploy",
                "{\"defaultDeploymentMode\": \"RawDeployment\", \"shinyNewKey\": true}")));
        cases.add(new Case("deploy key in other case", data("deploy", "{\"DefaultDeploymentMode\": \"RawDeployment\"}")));
        cases.add(new Case("deploy rollout strategy wrong type", data("deploy",
                "{\"defaultDeploymentMode\": \"RawDeployment\", \"deploymentRolloutStrategy\": \"fast\"}")));
        // ingress
        cases.add(new Case("ingress shipped", data("ingress", INGRESS)));
        cases.add(new Case("ingress missing", data("ingress", null)));
        cases.add(new Case("ingress {}", data("ingress", "{}")));
        cases.add(new Case("ingress not JSON", data("ingress", "{\"ingressGateway\": ")));
        cases.add(new Case("ingress JSON null", data("ingress", "null")));
        cases.add(new Case("ingress an array", data("ingress", "[]")));
        cases.add(new Case("ingress without ingressGateway", data("ingress", without(INGRESS, "ingressGateway"))));
        cases.add(new Case("ingressGateway empty", data("ingress",
                INGRESS.replace("\"knative-serving/knative-ingress-gateway\"", "\"\""))));
        cases.add(new Case("ingressGateway a number", data("ingress",
                INGRESS.replace("\"knative-serving/knative-ingress-gateway\"", "7"))));
        cases.add(new Case("enableGatewayApi a string", data("ingress",
                INGRESS.replace("\"enableGatewayApi\": false", "\"enableGatewayApi\": \"true\""))));
        cases.add(new Case("gateway API on, good kserveIngressGateway", data("ingress",
                INGRESS.replace("\"enableGatewayApi\": false", "\"enableGatewayApi\": true"))));
        cases.add(new Case("gateway API on, kserveIngressGateway without namespace", data("ingress",
                INGRESS.replace("\"enableGatewayApi\": false", "\"enableGatewayApi\": true")
                        .replace("kserve/kserve-ingress-gateway", "kserve-ingress-gateway"))));
        cases.add(new Case("gateway API on, kserveIngressGateway a/b/c", data("ingress",
                INGRESS.replace("\"enableGatewayApi\": false", "\"enableGatewayApi\": true")
                        .replace("kserve/kserve-ingress-gateway", "a/b/c"))));
        cases.add(new Case("gateway API on, kserveIngressGateway empty", data("ingress",
                INGRESS.replace("\"enableGatewayApi\": false", "\"enableGatewayApi\": true")
                        .replace("\"kserve/kserve-ingress-gateway\"", "\"\""))));
        cases.add(new Case("gateway API on, no kserveIngressGateway", data("ingress",
                without(INGRESS.replace("\"enableGatewayApi\": false", "\"enableGatewayApi\": true"),
                        "kserveIngressGateway"))));
        cases.add(new Case("gateway API off, kserveIngressGateway without namespace", data("ingress",
                INGRESS.replace("kserve/kserve-ingress-gateway", "kserve-ingress-gateway"))));
        cases.add(new Case("pathTemplate with ingressDomain", data("ingress", INGRESS.replace("{",
                "{\"pathTemplate\": \"/serving/{{ .Namespace }}/{{ .Name }}\", "))));
        cases.add(new Case("pathTemplate without ingressDomain", data("ingress",
                without(INGRESS, "ingressDomain").replace("{",
                        "{\"pathTemplate\": \"/serving/{{ .Namespace }}/{{ .Name }}\", "))));
        cases.add(new Case("pathTemplate not a template", data("ingress", INGRESS.replace("{",
                "{\"pathTemplate\": \"/serving/{{ .Namespace \", "))));
        cases.add(new Case("ingressClassName a number", data("ingress",
                INGRESS.replace("\"istio\"", "5"))));
        cases.add(new Case("ingress unknown key", data("ingress", INGRESS.replace("{", "{\"shinyNewKey\": 1, "))));
        // multiNode
        cases.add(new Case("multiNode {}", data("multiNode", "{}")));
        cases.add(new Case("multiNode GPU list", data("multiNode",
                "{\"customGPUResourceTypeList\": [\"example.com/gpu\"]}")));
        cases.add(new Case("multiNode not JSON", data("multiNode", "{\"customGPUResourceTypeList\": [")));
        cases.add(new Case("multiNode GPU list a string", data("multiNode",
                "{\"customGPUResourceTypeList\": \"example.com/gpu\"}")));
        cases.add(new Case("multiNode JSON null", data("multiNode", "null")));
        cases.add(new Case("multiNode an array", data("multiNode", "[]")));
        cases.add(new Case("multiNode empty string", data("multiNode", "")));
        // storageInitializer: not read at start-up (the webhook and the reconcile read it), so the controller runs;
        // a quantity whose exponent Kubernetes keeps only 32 bits of must leave the pre-flight saying so, not failing
        cases.add(new Case("storageInitializer cpuLimit 1e99999999999", data("storageInitializer",
                "{\"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", "
                        + "\"cpuLimit\": \"1e99999999999\"}")));
        return cases;
    }

    private static Map<String, String> data(String key, String value) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(key, value);
        return data;
    }

    /** The shipped ingress JSON without one key (its value is a string in {@link #INGRESS}). */
    private static String without(String json, String key) {
        return json.replaceAll("\"" + key + "\": \"[^\"]*\", ", "");
    }
}
