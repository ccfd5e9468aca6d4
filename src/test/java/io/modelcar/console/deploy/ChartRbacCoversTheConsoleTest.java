package io.modelcar.console.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.modelcar.console.deploy.ChartRendering.Manifests;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The chart's RBAC against what the console really asks the API server: the console, configured as the chart
 * configures it (KServe namespace and controller name given), is driven through its pages and API while the
 * in-memory API server records every request; each request is then authorized the way Kubernetes' RBAC authorizer
 * would (verb from method and collection, resource and subresource, namespace, resourceNames with the
 * {@code metadata.name} field selector for list/watch) against the rendered Role and ClusterRole. A request the
 * chart does not allow would be a 403 in a real cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.kubernetes.kserve-namespace=kserve",
        "console.kubernetes.controller-name=kserve-controller-manager"})
@ActiveProfiles("sandbox")
class ChartRbacCoversTheConsoleTest {

    static final MockKubernetesApi API = seeded();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private static MockKubernetesApi seeded() {
        MockKubernetesApi api = MockKubernetesApi.start();
        new KServeSeed(api.client()).all();
        // from here on, every request comes from the console (the test never uses the API's client again)
        api.clearRequests();
        return api;
    }

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", API::url);
    }

    @Test
    void everyRequestTheConsoleMakesIsAllowedByTheChartsRbac() throws InterruptedException {
        String base = "http://localhost:" + port;
        ConsoleHttp api = ConsoleHttp.basic(base, "admin", "admin");
        assertThat(api.get("/api/v1/kserve").statusCode()).isEqualTo(200);
        HttpResponse<String> config = api.get("/api/v1/storage-initializer");
        assertThat(config.statusCode()).isEqualTo(200);
        tools.jackson.databind.node.ObjectNode changed = (tools.jackson.databind.node.ObjectNode) JSON
                .readTree(config.body()).get("config");
        changed.put("cpuModelcar", "12m");
        HttpResponse<String> written = api.send("PUT", "/api/v1/storage-initializer", "application/json",
                JSON.writeValueAsString(changed), "If-Match", config.headers().firstValue("ETag").orElseThrow());
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        api.get("/api/v1/storage-initializer/history");
        HttpResponse<String> flipped = api.send("PUT", "/api/v1/toggles/modelcar", "application/json",
                "{\"enabled\": false}", "If-Match", written.headers().firstValue("ETag").orElseThrow());
        assertThat(flipped.statusCode()).as(flipped.body()).isEqualTo(200);
        api.get("/api/v1/inferenceservices");
        api.get("/api/v1/inferenceservices/modelcar-demo/sklearn-iris");
        HttpResponse<String> toggles = api.get("/api/v1/toggles");
        assertThat(toggles.statusCode()).isEqualTo(200);
        HttpResponse<String> restart = api.send("POST", "/api/v1/kserve/controller/restarts", null, null);
        assertThat(restart.statusCode()).isEqualTo(202);
        api.get("/api/v1/kserve/controller/restarts");
        assertThat(api.get("/api/v1/images/builds").statusCode()).isEqualTo(200);
        ConsoleHttp browser = ConsoleHttp.browser(base, "admin", "admin");
        for (String page : List.of("/", "/inferenceservices", "/inferenceservices/modelcar-demo/sklearn-iris",
                "/controller", "/toggles", "/history", "/images")) {
            assertThat(browser.get(page).statusCode()).as(page).isEqualTo(200);
        }
        // background work: watches, the restart tracker's polls, the cluster probe
        Thread.sleep(3000);

        Manifests chart = ChartRendering.renderDefaults();
        Role role = chart.one(Role.class);
        ClusterRole clusterRole = chart.one(ClusterRole.class);
        List<Access> made = new ArrayList<>();
        for (RecordedRequest request : API.requests()) {
            Access access = Access.of(request.getMethod(), request.getPath());
            if (access != null) {
                made.add(access);
            }
        }

        assertThat(made).as("requests the console made").isNotEmpty()
                .anyMatch(a -> a.verb().equals("update") && "inferenceservice-config".equals(a.name()))
                .anyMatch(a -> a.verb().equals("create") && a.resource().equals("events"))
                .anyMatch(a -> a.verb().equals("patch") && a.resource().equals("deployments"))
                .anyMatch(a -> a.verb().equals("watch") && a.resource().equals("inferenceservices"))
                // several replicas: leader election and the image build status every replica reads
                .anyMatch(a -> a.verb().equals("create") && a.resource().equals("leases"))
                .anyMatch(a -> a.verb().equals("patch") && a.resource().equals("leases"))
                .anyMatch(a -> a.verb().equals("get") && "modelcar-console-builds".equals(a.name()));
        Set<Access> denied = new LinkedHashSet<>();
        for (Access access : made) {
            if (!access.allowedBy(role, clusterRole)) {
                denied.add(access);
            }
        }
        assertThat(denied).as("requests the chart's RBAC would refuse").isEmpty();
    }

    /** The attributes Kubernetes authorizes a resource request by. */
    record Access(String verb, String group, String resource, String namespace, String name) {

        private static final Pattern PATH = Pattern.compile(
                "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?(?:/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?)?$");

        /** Null for non-resource requests (discovery, version), which every authenticated client may make. */
        static Access of(String method, String pathWithQuery) {
            String path = pathWithQuery.contains("?") ? pathWithQuery.substring(0, pathWithQuery.indexOf('?'))
                    : pathWithQuery;
            Map<String, String> query = query(pathWithQuery);
            Matcher m = PATH.matcher(path);
            if (!m.matches() || (m.group(2) == null && m.group(3) == null)) {
                return null;
            }
            String group = m.group(1) == null ? "" : m.group(1);
            String namespace = m.group(2);
            String resource = m.group(3);
            String name = m.group(4);
            if (resource == null) {
                // /api/v1/namespaces/{name}: the Namespace object, authorized in its own namespace
                resource = "namespaces";
                name = namespace;
            }
            if (m.group(5) != null) {
                resource = resource + "/" + m.group(5);
            }
            String verb = switch (method) {
                case "GET", "HEAD" -> name != null ? "get" : "true".equals(query.get("watch")) ? "watch" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> name != null ? "delete" : "deletecollection";
                default -> method.toLowerCase(java.util.Locale.ROOT);
            };
            if (name == null && (verb.equals("list") || verb.equals("watch"))) {
                String selector = query.getOrDefault("fieldSelector", "");
                if (selector.startsWith("metadata.name=") && !selector.contains(",")) {
                    name = selector.substring("metadata.name=".length());
                }
            }
            return new Access(verb, group, resource, namespace, name);
        }

        boolean allowedBy(Role role, ClusterRole clusterRole) {
            boolean inRoleNamespace = role.getMetadata().getNamespace().equals(namespace);
            return clusterRole.getRules().stream().anyMatch(this::matches)
                    || (inRoleNamespace && role.getRules().stream().anyMatch(this::matches));
        }

        private boolean matches(PolicyRule rule) {
            return rule.getApiGroups().contains(group) && rule.getResources().contains(resource)
                    && rule.getVerbs().contains(verb)
                    && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                            || (name != null && !verb.equals("create") && rule.getResourceNames().contains(name)));
        }

        private static Map<String, String> query(String pathWithQuery) {
            Map<String, String> query = new java.util.HashMap<>();
            int start = pathWithQuery.indexOf('?');
            if (start < 0) {
                return query;
            }
            for (String pair : pathWithQuery.substring(start + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            return query;
        }
    }
}
