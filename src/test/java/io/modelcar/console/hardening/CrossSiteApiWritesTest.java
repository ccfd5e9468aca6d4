package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 14, point 5: a browser that has cached Basic credentials for the console sends them with any site's form or
 * fetch; such cross-site API writes are refused (403 Problem) before anything happens, and browsers are never asked
 * for Basic credentials. Scripts (no browser headers) and same-origin pages keep working.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class CrossSiteApiWritesTest extends MockClusterTest {

    static final String SI = "/api/v1/storage-initializer";
    static final String RESTARTS = "/api/v1/kserve/controller/restarts";

    @LocalServerPort
    int port;

    @Test
    void whenABrowserSendsAnApiWriteFromAnotherSiteThenItIsRefusedAndNothingHappens() {
        ConsoleHttp admin = ConsoleHttp.basic(base(), "admin", "admin");
        String restartsBefore = admin.get(RESTARTS).body();
        String etag = admin.get(SI).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> crossSite = admin.send("POST", RESTARTS, null, null, "Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Mode", "navigate", "Origin", "https://evil.example");
        HttpResponse<String> sameSite = admin.send("POST", "/api/v1/toggles/kill-switch", "application/json", "{}",
                "Sec-Fetch-Site", "same-site", "If-Match", etag);
        HttpResponse<String> originOnly = admin.send("PATCH", SI, "application/merge-patch+json",
                "{\"memoryLimit\": \"3Gi\"}", "Origin", "http://evil.example", "If-Match", etag);
        HttpResponse<String> nullOrigin = admin.send("POST", RESTARTS, null, null, "Origin", "null");

        for (HttpResponse<String> refused : java.util.List.of(crossSite, sameSite, originOnly, nullOrigin)) {
            assertThat(refused.statusCode()).as(refused.request().headers().map().toString()).isEqualTo(403);
            assertThat(refused.body()).contains("urn:modelcar-console:problem:cross-site-request");
        }
        assertThat(admin.get(RESTARTS).body()).as("no restart started").isEqualTo(restartsBefore);
        assertThat(admin.get(SI).headers().firstValue("ETag")).as("nothing written").contains(etag);
    }

    @Test
    void whenAScriptOrASameOriginPageWritesThenItWorksAsBefore() {
        ConsoleHttp operator = ConsoleHttp.basic(base(), "operator", "operator");
        String etag = operator.get(SI).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> script = operator.send("PATCH", SI + "?dryRun=true", "application/merge-patch+json",
                "{\"memoryLimit\": \"3Gi\"}", "If-Match", etag);
        HttpResponse<String> sameOrigin = operator.send("PATCH", SI + "?dryRun=true",
                "application/merge-patch+json", "{\"memoryLimit\": \"3Gi\"}", "If-Match", etag,
                "Sec-Fetch-Site", "same-origin", "Origin", base());
        HttpResponse<String> sameOriginOld = operator.send("PATCH", SI + "?dryRun=true",
                "application/merge-patch+json", "{\"memoryLimit\": \"3Gi\"}", "If-Match", etag, "Origin", base());

        assertThat(script.statusCode()).as(script.body()).isEqualTo(200);
        assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(200);
        assertThat(sameOriginOld.statusCode()).as(sameOriginOld.body()).isEqualTo(200);
    }

    @Test
    void whenABrowserIsRefusedForLackOfCredentialsThenItIsNotAskedForBasicCredentialsButAScriptIs() {
        ConsoleHttp anonymous = ConsoleHttp.anonymous(base());

        HttpResponse<String> browser = anonymous.send("GET", SI, null, null, "Sec-Fetch-Mode", "navigate",
                "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> script = anonymous.send(anonymous.request(SI).setHeader("Accept", "application/json")
                .GET().build());

        assertThat(browser.statusCode()).isEqualTo(401);
        assertThat(browser.headers().allValues("WWW-Authenticate")).isNotEmpty()
                .noneMatch(challenge -> challenge.regionMatches(true, 0, "Basic", 0, 5));
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().allValues("WWW-Authenticate")).anyMatch(c -> c.startsWith("Basic "));
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
