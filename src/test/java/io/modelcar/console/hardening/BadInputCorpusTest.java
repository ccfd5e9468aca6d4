package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A corpus of bad requests against every write endpoint (malformed and deeply nested JSON, wrong types, huge
 * bodies, wrong content types, bad quantities, unknown enum values, header injection): every one gets a 4xx Problem,
 * none a 5xx, and nothing in the cluster changes (resourceVersions of every ConfigMap in the KServe namespace and of
 * the controller Deployment before and after).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class BadInputCorpusTest extends MockClusterTest {

    static final String JSON = "application/json";
    static final String MERGE = "application/merge-patch+json";
    static final String SI = "/api/v1/storage-initializer";

    @LocalServerPort
    int port;

    record Bad(String name, String method, String path, String contentType, String body, String... headers) {
    }

    @Test
    void everyBadRequestIsA4xxProblemAndWritesNothing() {
        ConsoleHttp admin = ConsoleHttp.basic(base(), "admin", "admin");
        String etag = admin.get(SI).headers().firstValue("ETag").orElseThrow();
        Map<String, String> before = clusterVersions();
        List<Bad> corpus = corpus(etag);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Bad bad : corpus) {
            HttpResponse<String> response = admin.send(bad.method(), bad.path(), bad.contentType(), bad.body(),
                    bad.headers());
            int status = response.statusCode();
            statuses.merge(status, 1, Integer::sum);
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (status < 400 || status >= 500) {
                failures.add(bad.name() + ": " + status + " " + abbreviate(response.body()));
            } else if (!type.startsWith("application/problem+json") || !response.body().contains("\"type\"")) {
                failures.add(bad.name() + ": " + status + " not a Problem (" + type + ")");
            }
            if (response.body().contains("Exception") || response.body().contains("\tat ")) {
                failures.add(bad.name() + ": leaks an exception: " + abbreviate(response.body()));
            }
        }
        int raw = 0;
        for (String injected : headerInjections(etag)) {
            int status = rawStatus(injected);
            statuses.merge(status, 1, Integer::sum);
            raw++;
            if (status < 400 || status >= 500) {
                failures.add("raw header injection #" + raw + ": " + status);
            }
        }
        System.out.printf("[bad-input] %d requests (%d JSON/API, %d raw header injections), statuses %s%n",
                corpus.size() + raw, corpus.size(), raw, statuses);
        assertThat(corpus.size() + raw).isGreaterThanOrEqualTo(50);
        assertThat(failures).isEmpty();
        assertThat(clusterVersions()).as("nothing written").isEqualTo(before);
    }

    static List<Bad> corpus(String etag) {
        String stale = "\"1\"";
        List<Bad> c = new ArrayList<>();
        // storage-initializer PUT: body shape
        String[][] putBodies = {
                {"malformed", "{"}, {"missing value", "{\"image\": }"}, {"trailing garbage", "{\"a\":1} x"},
                {"deep arrays", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"},
                {"deep objects", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)},
                {"top-level array", "[]"}, {"top-level string", "\"storage\""}, {"top-level null", "null"},
                {"top-level number", "42"}, {"empty body", ""},
                {"memoryLimit number", "{\"memoryLimit\": 12}"}, {"bad quantity", "{\"memoryLimit\": \"1Gx\"}"},
                {"negative cpu", "{\"cpuLimit\": \"-1\"}"}, {"request over limit",
                        "{\"memoryRequest\": \"2Gi\", \"memoryLimit\": \"1Gi\"}"},
                {"enableModelcar string", "{\"enableModelcar\": \"yes\"}"},
                {"uidModelcar string", "{\"uidModelcar\": \"root\"}"}, {"uidModelcar negative", "{\"uidModelcar\": -5}"},
                {"huge number", "{\"uidModelcar\": 1e400}"}, {"empty image", "{\"image\": \"\"}"},
                {"image with newline", "{\"image\": \"bad image\\nname\"}"},
                {"duplicate keys", "{\"memoryLimit\": \"1Gi\", \"memoryLimit\": \"2Gi\"}"},
                {"invalid utf-8 escape", "{\"image\": \"\\ud800\"}"}, {"comment", "{/* x */ \"a\": 1}"},
                {"NaN", "{\"uidModelcar\": NaN}"},
        };
        for (String[] b : putBodies) {
            c.add(new Bad("PUT " + b[0], "PUT", SI, JSON, b[1], "If-Match", etag));
        }
        c.add(new Bad("PUT huge body", "PUT", SI, JSON, "{\"image\": \"" + "x".repeat(70 * 1024) + "\"}",
                "If-Match", etag));
        c.add(new Bad("PUT text/plain", "PUT", SI, "text/plain", "{}", "If-Match", etag));
        c.add(new Bad("PUT xml", "PUT", SI, "application/xml", "<a/>", "If-Match", etag));
        c.add(new Bad("PUT form", "PUT", SI, "application/x-www-form-urlencoded", "image=x", "If-Match", etag));
        c.add(new Bad("PUT no If-Match", "PUT", SI, JSON, "{\"memoryLimit\": \"1Gi\"}"));
        c.add(new Bad("PUT stale If-Match", "PUT", SI, JSON, "{\"memoryLimit\": \"1Gi\"}", "If-Match", stale));
        c.add(new Bad("PUT garbage If-Match", "PUT", SI, JSON, "{}", "If-Match", "\"<script>\""));
        c.add(new Bad("PUT bad dryRun", "PUT", SI + "?dryRun=maybe", JSON, "{}", "If-Match", etag));
        // storage-initializer PATCH
        c.add(new Bad("PATCH application/json", "PATCH", SI, JSON, "{\"enableModelcar\": true}"));
        c.add(new Bad("PATCH malformed", "PATCH", SI, MERGE, "{\"enableModelcar\": "));
        c.add(new Bad("PATCH bad quantity", "PATCH", SI, MERGE, "{\"memoryLimit\": \"lots\"}"));
        c.add(new Bad("PATCH deep", "PATCH", SI, MERGE, "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
        c.add(new Bad("PATCH array", "PATCH", SI, MERGE, "[1,2]"));
        c.add(new Bad("PATCH stale", "PATCH", SI, MERGE, "{\"enableModelcar\": true}", "If-Match", stale));
        c.add(new Bad("PATCH huge", "PATCH", SI, MERGE, "{\"x\": \"" + "y".repeat(70 * 1024) + "\"}"));
        c.add(new Bad("PATCH wrong type", "PATCH", SI, MERGE, "{\"enableModelcar\": {\"nested\": true}}"));
        // history restore
        c.add(new Bad("restore unknown id", "POST", SI + "/history/nope/restore", null, null, "If-Match", etag));
        c.add(new Bad("restore no If-Match", "POST", SI + "/history/nope/restore", null, null));
        c.add(new Bad("restore dot-dot id (firewall)", "POST", SI + "/history/%2e%2e/restore", null, null,
                "If-Match", etag));
        c.add(new Bad("toggle name with semicolon (firewall)", "PUT", "/api/v1/toggles/modelcar;jsessionid=x", JSON,
                "{\"enabled\": true}", "If-Match", etag));
        c.add(new Bad("restore long id", "POST", SI + "/history/" + "a".repeat(3000) + "/restore", null, null,
                "If-Match", etag));
        // toggles
        c.add(new Bad("toggle unknown", "PUT", "/api/v1/toggles/nope", JSON, "{\"enabled\": true}", "If-Match", etag));
        c.add(new Bad("toggle enabled string", "PUT", "/api/v1/toggles/modelcar", JSON, "{\"enabled\": \"yes\"}",
                "If-Match", etag));
        c.add(new Bad("toggle empty", "PUT", "/api/v1/toggles/modelcar", JSON, "{}", "If-Match", etag));
        c.add(new Bad("toggle malformed", "PUT", "/api/v1/toggles/modelcar", JSON, "{\"enabled\":", "If-Match", etag));
        c.add(new Bad("toggle text/plain", "PUT", "/api/v1/toggles/modelcar", "text/plain", "true", "If-Match", etag));
        c.add(new Bad("toggle no If-Match", "PUT", "/api/v1/toggles/modelcar", JSON, "{\"enabled\": false}"));
        c.add(new Bad("toggle stale", "PUT", "/api/v1/toggles/modelcar", JSON, "{\"enabled\": false}", "If-Match",
                stale));
        c.add(new Bad("toggle bad expiry", "PUT", "/api/v1/toggles/modelcar", JSON,
                "{\"enabled\": false, \"expiresIn\": \"forever\"}", "If-Match", stale));
        c.add(new Bad("toggle unknown mode", "PUT", "/api/v1/toggles/oci-model-support", JSON,
                "{\"enabled\": true, \"ociModelMode\": \"turbo\"}", "If-Match", stale));
        c.add(new Bad("toggle CRLF name", "PUT", "/api/v1/toggles/modelcar%0d%0aX-Evil:%201", JSON,
                "{\"enabled\": true}", "If-Match", etag));
        c.add(new Bad("kill switch malformed", "POST", "/api/v1/toggles/kill-switch", JSON, "{\"confirm\":",
                "If-Match", stale));
        c.add(new Bad("kill switch wrong type", "POST", "/api/v1/toggles/kill-switch", JSON, "{\"confirm\": [1]}",
                "If-Match", stale));
        c.add(new Bad("kill switch stale", "POST", "/api/v1/toggles/kill-switch", JSON, "{}", "If-Match", stale));
        // controller restarts
        String restarts = "/api/v1/kserve/controller/restarts";
        c.add(new Bad("restart unknown strategy", "POST", restarts, JSON, "{\"strategy\": \"explode\"}"));
        c.add(new Bad("restart strategy array", "POST", restarts, JSON, "{\"strategy\": [\"rollout\"]}"));
        c.add(new Bad("restart malformed", "POST", restarts, JSON, "{\"strategy\""));
        c.add(new Bad("restart text/plain", "POST", restarts, "text/plain", "rollout"));
        c.add(new Bad("restart CRLF strategy", "POST", restarts + "?strategy=rollout%0d%0aX-Evil:1", null, null));
        c.add(new Bad("restart deep", "POST", restarts, JSON, "{\"strategy\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        // images
        c.add(new Bad("build malformed", "POST", "/api/v1/images/builds", JSON, "{\"repository\": "));
        c.add(new Bad("build bad name", "POST", "/api/v1/images/builds", JSON,
                "{\"repository\": \"UPPER//bad\", \"tag\": \"::\", \"modelPath\": \"/tmp\"}"));
        c.add(new Bad("build path outside roots", "POST", "/api/v1/images/builds", JSON,
                "{\"repository\": \"models/x\", \"tag\": \"1\", \"modelPath\": \"/etc\"}"));
        c.add(new Bad("build traversal", "POST", "/api/v1/images/builds", JSON,
                "{\"repository\": \"models/x\", \"tag\": \"1\", \"modelPath\": \"../../../etc/passwd\"}"));
        c.add(new Bad("build wrong types", "POST", "/api/v1/images/builds", JSON,
                "{\"repository\": 5, \"tag\": true, \"modelPath\": []}"));
        c.add(new Bad("build multipart without files", "POST", "/api/v1/images/builds",
                "multipart/form-data; boundary=x", "--x--\r\n"));
        c.add(new Bad("resolve malformed", "POST", "/api/v1/images/resolve", JSON, "{"));
        c.add(new Bad("resolve bad reference", "POST", "/api/v1/images/resolve", JSON,
                "{\"reference\": \"not a reference at all!!\"}"));
        // invalid percent-encoding in the query (issue 14, point 10): the container cannot decode the parameters
        for (String parameter : List.of("continue", "q", "namespace", "limit")) {
            c.add(new Bad("inventory " + parameter + "=%ff", "GET", "/api/v1/inferenceservices?" + parameter + "=%ff",
                    null, null));
            c.add(new Bad("inventory " + parameter + "=%c3%28", "GET", "/api/v1/inferenceservices?" + parameter
                    + "=%c3%28", null, null));
        }
        c.add(new Bad("inventory limit=abc", "GET", "/api/v1/inferenceservices?limit=abc", null, null));
        c.add(new Bad("inventory limit=-1", "GET", "/api/v1/inferenceservices?limit=-1", null, null));
        c.add(new Bad("storage-initializer %ff", "GET", SI + "?x=%ff", null, null));
        c.add(new Bad("history %c3%28", "GET", SI + "/history?x=%c3%28", null, null));
        c.add(new Bad("toggles %80", "GET", "/api/v1/toggles?x=%80", null, null));
        c.add(new Bad("restart dryRun %ff", "POST", restarts + "?dryRun=%ff", JSON, "{}"));
        c.add(new Bad("PATCH form body %ff", "PATCH", SI, "application/x-www-form-urlencoded", "a=%ff",
                "If-Match", etag));
        c.add(new Bad("restart form body %ff", "POST", restarts, "application/x-www-form-urlencoded", "strategy=%ff"));
        c.add(new Bad("restart form body %zz", "POST", restarts, "application/x-www-form-urlencoded", "strategy=%zz"));
        c.add(new Bad("PATCH form body %zz", "PATCH", SI, "application/x-www-form-urlencoded", "a=%zz",
                "If-Match", etag));
        // found by ApiFuzzTest: JSON types the OpenAPI schema forbids are refused, never coerced (false is not the
        // string "false", "false" is not the boolean false)
        String kill = "/api/v1/toggles/kill-switch";
        c.add(new Bad("restart strategy boolean", "POST", restarts, JSON, "{\"strategy\": false}"));
        c.add(new Bad("restart strategy number", "POST", restarts, JSON, "{\"strategy\": 1}"));
        c.add(new Bad("restart strategy boolean, empty strategy query", "POST", restarts + "?strategy=", JSON,
                "{\"strategy\": false}"));
        c.add(new Bad("kill switch confirm boolean", "POST", kill, JSON, "{\"confirm\": false}"));
        c.add(new Bad("kill switch confirm number", "POST", kill, JSON, "{\"confirm\": 0}"));
        c.add(new Bad("toggle enabled string", "PUT", "/api/v1/toggles/modelcar", JSON, "{\"enabled\": \"false\"}",
                "If-Match", etag));
        c.add(new Bad("toggle enabled number", "PUT", "/api/v1/toggles/modelcar", JSON, "{\"enabled\": 0}",
                "If-Match", etag));
        c.add(new Bad("toggle expiresIn number", "PUT", "/api/v1/toggles/modelcar", JSON,
                "{\"enabled\": false, \"expiresIn\": 3600}", "If-Match", etag));
        // found by ApiFuzzTest: a multipart Content-Type without a boundary where no multipart body is read (the
        // parameters are, by the production guard or the handler)
        c.add(new Bad("restart multipart without boundary", "POST", restarts, "multipart/form-data",
                "{\"strategy\": \"\"}"));
        c.add(new Bad("kill switch multipart without boundary", "POST", kill, "multipart/form-data", "{}"));
        c.add(new Bad("impact multipart without boundary", "GET", "/api/v1/toggles/modelcar/impact?enabled=true",
                "multipart/form-data", null));
        return c;
    }

    /**
     * Raw requests (java.net.http refuses to send these): CR/LF and NUL inside If-Match, obs-fold, an encoded slash.
     * Tomcat rejects them before any application code runs, so they are checked for 4xx and no write only.
     */
    List<String> headerInjections(String etag) {
        String body = "{\"memoryLimit\": \"1Gi\"}";
        String head = "PUT " + SI + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n";
        return List.of(
                head + "If-Match: " + etag + "\rX-Injected: 1\r\n\r\n" + body,
                head + "If-Match: " + etag + "\r\n X-Folded: 1\r\n\r\n" + body,
                head + "If-Match: \"1\u0000\"\r\n\r\n" + body,
                head + "If-Match: " + etag + "\nX-Injected: 1\r\n\r\n{\"memoryLimit\": \"oops\"}",
                head.replace(SI + " ", SI + "/history/..%2F..%2Fetc/restore ") + "If-Match: " + etag + "\r\n\r\n"
                        + body);
    }

    private int rawStatus(String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0 && read.size() < 64 * 1024) {
                read.write(buffer, 0, n);
            }
            String response = read.toString(StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> clusterVersions() {
        Map<String, String> versions = new TreeMap<>();
        for (ConfigMap cm : api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).list().getItems()) {
            versions.put("cm/" + cm.getMetadata().getName(), cm.getMetadata().getResourceVersion());
        }
        versions.put("deploy/" + KServeSeed.CONTROLLER, api.client().apps().deployments()
                .inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONTROLLER).get().getMetadata()
                .getResourceVersion());
        versions.put("image builds", ConsoleHttp.basic(base(), "admin", "admin").get("/api/v1/images/builds").body());
        return versions;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
