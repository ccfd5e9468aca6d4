package io.modelcar.console.storageinitializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The REST API over real HTTP against the mock cluster, as automation uses it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class StorageInitializerApiEndToEndTest extends MockClusterTest {

    static final String URL = "/api/v1/storage-initializer";

    @LocalServerPort
    int port;

    ConsoleHttp operator;
    String originalRaw;

    @BeforeEach
    void setUp() {
        operator = ConsoleHttp.basic(base(), "operator", "operator");
        originalRaw = configMap().getData().get("storageInitializer");
    }

    @AfterEach
    void restoreSharedConfigMap() {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("storageInitializer", originalRaw);
            return cm;
        });
    }

    String base() {
        return "http://localhost:" + port;
    }

    static ConfigMap configMap() {
        return api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get();
    }

    static JsonNode json(HttpResponse<String> response) {
        return ConfigJson.parse(response.body()).value();
    }

    @Test
    void whenGetThenEveryFieldAndETag() {
        HttpResponse<String> response = operator.get(URL);

        assertThat(response.statusCode()).isEqualTo(200);
        String version = configMap().getMetadata().getResourceVersion();
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + version + "\"");
        JsonNode body = json(response);
        assertThat(body.propertyNames()).contains("namespace", "configMap", "key", "resourceVersion",
                "kserveVersion", "valid", "config", "raw", "parseError", "problems", "managedBy");
        assertThat(body.get("kserveVersion").stringValue()).isEqualTo("v0.20.0");
        assertThat(body.get("raw").stringValue()).isEqualTo(originalRaw);
        assertThat(body.get("valid").booleanValue()).isTrue();
    }

    @Test
    void whenPutWithStaleIfMatchThenPreconditionFailedAndConfigMapUnchanged() {
        ConfigMap before = configMap();
        String config = json(operator.get(URL)).get("config").toString();

        HttpResponse<String> response = operator.send("PUT", URL, "application/json",
                config.replace("\"1Gi\"", "\"2Gi\""), "If-Match", "\"1\"");

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(json(response).get("currentResourceVersion").stringValue())
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(configMap()).isEqualTo(before);
    }

    @Test
    void whenPutWithoutIfMatchThenPreconditionRequired() {
        ConfigMap before = configMap();
        HttpResponse<String> response = operator.send("PUT", URL, "application/json",
                json(operator.get(URL)).get("config").toString());
        assertThat(response.statusCode()).isEqualTo(428);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(configMap()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "string true            | application/json | {\"enableModelcar\": \"true\"}          | 422",
            "quantity with a space  | application/json | {\"memoryRequest\": \"10 Mi\"}          | 422",
            "uid as a string        | application/json | {\"uidModelcar\": \"1010\"}            | 422",
            "unknown ociModelMode   | application/json | {\"ociModelMode\": \"sidecar\"}        | 422",
            "exponent past int32    | application/json | {\"cpuLimit\": \"1e99999999999\"}     | 422",
            "exponent at int32 min  | application/json | {\"cpuLimit\": \"1e-2147483648\"}     | 422",
            "malformed JSON         | application/json | {\"enableModelcar\": tru               | 400",
            "wrong content type     | text/plain       | {\"enableModelcar\": false}            | 415"})
    void whenInvalidPutThenItsStatusAndNothingChanged(String what, String contentType, String patch, int status) {
        ConfigMap before = configMap();
        String config = json(operator.get(URL)).get("config").toString();
        String body = patch.contains("tru ") || !patch.endsWith("}") ? patch
                : config.substring(0, config.length() - 1) + ", " + patch.substring(1);

        HttpResponse<String> response = operator.send("PUT", URL, contentType, body, "If-Match",
                "\"" + before.getMetadata().getResourceVersion() + "\"");

        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        if (status == 422) {
            assertThat(json(response).get("errors").get(0).get("field").stringValue()).isNotBlank();
        }
        assertThat(configMap()).isEqualTo(before);
    }

    @Test
    void whenBodyIsOneMebibyteThenPayloadTooLargeAndNothingChanged() {
        ConfigMap before = configMap();
        String body = "{\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}";

        HttpResponse<String> response = operator.send("PUT", URL, "application/json", body, "If-Match",
                "\"" + before.getMetadata().getResourceVersion() + "\"");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(configMap()).isEqualTo(before);
    }

    @Test
    void whenMergePatchThenUnknownKeysAndOrderKeptOtherKeysByteForByte() {
        Map<String, String> before = configMap().getData();
        HttpResponse<String> response = operator.send("PATCH", URL, "application/merge-patch+json",
                "{\"enableModelcar\": false, \"vendorExtension\": {\"a\": 1}}");

        assertThat(response.statusCode()).isEqualTo(200);
        HttpResponse<String> second = operator.send("PATCH", URL, "application/merge-patch+json",
                "{\"cpuModelcar\": \"20m\"}", "If-Match", response.headers().firstValue("ETag").orElseThrow());
        assertThat(second.statusCode()).isEqualTo(200);

        JsonNode stored = ConfigJson.parse(configMap().getData().get("storageInitializer")).value();
        assertThat(stored.propertyNames()).containsExactly("image", "memoryRequest", "memoryLimit", "cpuRequest",
                "cpuLimit", "caBundleConfigMapName", "caBundleVolumeMountPath", "enableModelcar", "cpuModelcar",
                "memoryModelcar", "uidModelcar", "vendorExtension");
        Map<String, String> after = configMap().getData();
        before.forEach((key, value) -> {
            if (!key.equals("storageInitializer")) {
                assertThat(after.get(key)).as(key).isEqualTo(value);
            }
        });
        assertThat(json(operator.get(URL + "/history")).get(0).get("actor").stringValue()).isEqualTo("operator");
    }

    @Test
    void whenDryRunThenDiffAndNothingWritten() {
        ConfigMap before = configMap();
        HttpResponse<String> response = operator.send("PATCH", URL + "?dryRun=true", "application/merge-patch+json",
                "{\"enableModelcar\": false}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("dryRun").booleanValue()).isTrue();
        assertThat(body.get("diff").get(0).get("key").stringValue()).isEqualTo("enableModelcar");
        assertThat(configMap()).isEqualTo(before);
    }

    @Test
    void whenStoredValueIsBrokenThenApiShowsLineAndColumn() {
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("storageInitializer", "{\n  \"enableModelcar\": true,\n  \"cpuLimit\": 1,,\n}");
            return cm;
        });

        JsonNode body = json(operator.get(URL));

        assertThat(body.get("valid").booleanValue()).isFalse();
        assertThat(body.get("config").isNull()).isTrue();
        assertThat(body.get("parseError").get("line").intValue()).isEqualTo(3);
        assertThat(body.get("parseError").get("column").intValue()).isPositive();
        assertThat(body.get("raw").stringValue()).contains(",,");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1e99999999999", "1e-2147483648"})
    void whenStoredQuantityIsOutsideKubernetesRangeThenGetShowsTheProblem(String cpuLimit) {
        // written behind the console's back (kubectl): the API reads it and names the problem, never a 500
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).edit(cm -> {
            cm.getData().put("storageInitializer", originalRaw.replaceFirst("\"cpuLimit\": \"[^\"]*\"",
                    "\"cpuLimit\": \"" + cpuLimit + "\""));
            return cm;
        });

        HttpResponse<String> response = operator.get(URL);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("valid").booleanValue()).isFalse();
        assertThat(body.get("config").get("cpuLimit").stringValue()).isEqualTo(cpuLimit);
        assertThat(body.get("problems").get(0).get("field").stringValue()).isEqualTo("cpuLimit");
    }

    /**
     * A change the cluster refuses (a ValidatingAdmissionPolicy's 422, a webhook's 403) is the cluster's reason as a
     * 422, never "grant the permission"; an API server failure (etcd's 500) is a 502. Never an "Internal error".
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "422 | ValidatingAdmissionPolicy 'frozen' with binding 'frozen' denied request: kserve is frozen | 422 "
                    + "| cluster-rejected",
            "403 | admission webhook \"freeze.example.com\" denied the request: kserve is frozen | 422 "
                    + "| cluster-rejected",
            "500 | etcdserver: request timed out | 502 | cluster-request-failed"})
    void whenTheApiServerRefusesOrFailsTheUpdateThenAProblemSaysWhoAndNothingChanged(int code, String message,
            int status, String type) {
        ConfigMap before = configMap();
        String config = json(operator.get(URL)).get("config").toString();
        // more than the console's client retries (a 500 is retried)
        api.answerNext(10, code, "PUT", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP), message);
        HttpResponse<String> response;
        try {
            response = operator.send("PUT", URL, "application/json", config.replace("\"1Gi\"", "\"2Gi\""),
                    "If-Match", "\"" + before.getMetadata().getResourceVersion() + "\"");
        } finally {
            api.answerNormally();
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").stringValue()).isEqualTo("urn:modelcar-console:problem:" + type);
        assertThat(problem.get("detail").stringValue()).doesNotContain("Grant the permission")
                .doesNotContain("http://").doesNotContain("https://");
        if (status == 422) {
            assertThat(problem.get("detail").stringValue()).contains("kserve is frozen");
        }
        assertThat(configMap().getData()).isEqualTo(before.getData());
    }

    @Test
    void whenTheApiServerFailsTheReadThenBadGatewayNotInternalError() {
        api.answerNext(10, 500, "GET", p -> p.contains("/configmaps/" + KServeSeed.CONFIG_MAP),
                "etcdserver: leader changed");
        HttpResponse<String> response;
        try {
            response = operator.get(URL);
        } finally {
            api.answerNormally();
        }

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(json(response).get("type").stringValue())
                .isEqualTo("urn:modelcar-console:problem:cluster-request-failed");
    }

    @Test
    void whenViewerWritesThenForbiddenAndAnonymousGetsAChallenge() {
        ConfigMap before = configMap();
        HttpResponse<String> viewer = ConsoleHttp.basic(base(), "viewer", "viewer").send("PATCH", URL,
                "application/merge-patch+json", "{\"enableModelcar\": false}");
        HttpResponse<String> anonymous = ConsoleHttp.anonymous(base()).get(URL);

        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Basic"));
        assertThat(configMap()).isEqualTo(before);
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        HttpResponse<String> docs = ConsoleHttp.browser(base(), "viewer", "viewer").get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/storage-initializer").contains("/api/v1/storage-initializer/history")
                .contains("merge-patch+json");
    }
}
