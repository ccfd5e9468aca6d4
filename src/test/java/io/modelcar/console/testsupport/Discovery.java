package io.modelcar.console.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The discovery documents ({@code /version}, {@code /api}, {@code /apis}, ...) that kubectl reads before anything
 * else and that the CRUD dispatcher does not serve. Lists exactly the kinds the sandbox holds.
 */
final class Discovery {

    private record Kind(String plural, String singular, String kind, boolean namespaced, String shortName) {

        String json() {
            String shortNames = shortName == null ? "" : ",\"shortNames\":[\"" + shortName + "\"]";
            return "{\"name\":\"" + plural + "\",\"singularName\":\"" + singular + "\",\"namespaced\":" + namespaced
                    + ",\"kind\":\"" + kind + "\",\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\","
                    + "\"list\",\"patch\",\"update\",\"watch\"]" + shortNames + "}";
        }
    }

    private static final Map<String, List<Kind>> GROUP_VERSIONS = new LinkedHashMap<>();

    static {
        GROUP_VERSIONS.put("v1", List.of(
                new Kind("namespaces", "namespace", "Namespace", false, "ns"),
                new Kind("configmaps", "configmap", "ConfigMap", true, "cm"),
                new Kind("pods", "pod", "Pod", true, "po"),
                new Kind("events", "event", "Event", true, "ev"),
                new Kind("services", "service", "Service", true, "svc"),
                new Kind("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
                new Kind("secrets", "secret", "Secret", true, null)));
        GROUP_VERSIONS.put("apps/v1", List.of(
                new Kind("deployments", "deployment", "Deployment", true, "deploy"),
                new Kind("replicasets", "replicaset", "ReplicaSet", true, "rs")));
        GROUP_VERSIONS.put("serving.kserve.io/v1beta1", List.of(
                new Kind("inferenceservices", "inferenceservice", "InferenceService", true, "isvc")));
        GROUP_VERSIONS.put("events.k8s.io/v1", List.of(
                new Kind("events", "event", "Event", true, "ev")));
        GROUP_VERSIONS.put("coordination.k8s.io/v1", List.of(
                new Kind("leases", "lease", "Lease", true, null)));
    }

    private Discovery() {
    }

    /** The discovery document at this path, or null when the path is not a discovery path. */
    static String document(String path) {
        if ("/version".equals(path) || "/version/".equals(path)) {
            return "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0-sandbox\",\"platform\":\"linux/amd64\"}";
        }
        if ("/api".equals(path)) {
            return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
        }
        if ("/apis".equals(path)) {
            String groups = GROUP_VERSIONS.keySet().stream().filter(gv -> gv.contains("/"))
                    .map(gv -> {
                        String group = gv.substring(0, gv.indexOf('/'));
                        String version = gv.substring(gv.indexOf('/') + 1);
                        String v = "{\"groupVersion\":\"" + gv + "\",\"version\":\"" + version + "\"}";
                        return "{\"name\":\"" + group + "\",\"versions\":[" + v + "],\"preferredVersion\":" + v + "}";
                    }).collect(Collectors.joining(","));
            return "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + groups + "]}";
        }
        String groupVersion = path.startsWith("/api/") ? path.substring(5)
                : path.startsWith("/apis/") ? path.substring(6) : null;
        if (groupVersion != null && GROUP_VERSIONS.containsKey(groupVersion)) {
            String resources = GROUP_VERSIONS.get(groupVersion).stream().map(Kind::json)
                    .collect(Collectors.joining(","));
            return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                    + "\",\"resources\":[" + resources + "]}";
        }
        if (groupVersion != null && !groupVersion.contains("/") && path.startsWith("/apis/")) {
            // /apis/{group}: the group document
            return GROUP_VERSIONS.keySet().stream().filter(gv -> gv.startsWith(groupVersion + "/")).findFirst()
                    .map(gv -> {
                        String v = "{\"groupVersion\":\"" + gv + "\",\"version\":\""
                                + gv.substring(gv.indexOf('/') + 1) + "\"}";
                        return "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"" + groupVersion
                                + "\",\"versions\":[" + v + "],\"preferredVersion\":" + v + "}";
                    }).orElse(null);
        }
        return null;
    }
}
