package io.modelcar.console.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Page;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An XSS corpus in every place Kubernetes lets a string through (annotations, storage URIs, env values, model
 * formats, status messages and URLs; names are DNS-1123 and labels are restricted, so they cannot carry one) and in
 * the configuration JSON (unknown keys and string values), rendered in headless Chromium on every page: zero script
 * executions (a window hook the payloads call, dialogs, CSP violation reports, javascript: links). Run twice: with
 * the CSP enforced, and with the CSP bypassed to prove that output escaping alone stops every payload. Its own API
 * server, so that no other test sees these objects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("sandbox")
class XssCorpusBrowserTest {

    static final String NAMESPACE = "xss-lab";

    /** Every payload calls xssHit(n) when it runs. */
    static final List<String> PAYLOADS = List.of(
            "<script>xssHit(0)</script>",
            "<img src=x onerror=xssHit(1)>",
            "\"><svg onload=xssHit(2)>",
            "'><script>xssHit(3)</script>",
            "javascript:xssHit(4)",
            "<iframe srcdoc=\"<script>parent.xssHit(5)</script>\"></iframe>",
            "</textarea><script>xssHit(6)</script>",
            "</title><script>xssHit(7)</script>",
            "<details open ontoggle=xssHit(8)>",
            "<a href=\"javascript:xssHit(9)\">click</a>",
            "{{constructor.constructor('xssHit(10)')()}}",
            "[(${'xss'+'ssti'})][[${'xss'+'ssti'}]]",
            "<body onload=xssHit(12)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=xssHit(13)>",
            "\" autofocus onfocus=\"xssHit(14)",
            "' onmouseover='xssHit(15)",
            "<object data=\"javascript:xssHit(16)\"></object>",
            "data:text/html,<script>xssHit(17)</script>",
            "<base href=\"javascript:xssHit(18)//\">",
            "</script><script>xssHit(19)</script>",
            "<svg><animate onbegin=xssHit(20) attributeName=x dur=1s>",
            "<img src=x onerror=\"&#120;ssHit(21)\">",
            "${xssHit(22)}`;xssHit(22);`",
            "oci://registry.example.com/m<script>xssHit(23)</script>:1.0");

    static final MockKubernetesApi api = seeded();

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private static MockKubernetesApi seeded() {
        MockKubernetesApi started = MockKubernetesApi.start();
        KServeSeed seed = new KServeSeed(started.client());
        seed.all();
        seed.namespace(NAMESPACE);
        for (int i = 0; i < PAYLOADS.size(); i++) {
            createIsvc(started, i, PAYLOADS.get(i));
        }
        configWithPayloads(started);
        return started;
    }

    private static void createIsvc(MockKubernetesApi api, int i, String payload) {
        String name = String.format("xss-%02d", i);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("modelFormat", Map.of("name", payload));
        model.put("storageUri", i % 2 == 0 ? payload : "oci://registry.example.com/" + payload);
        model.put("runtime", payload);
        model.put("env", List.of(Map.of("name", "XSS", "value", payload)));
        GenericKubernetesResource isvc = new GenericKubernetesResourceBuilder()
                .withApiVersion(KServeResources.GROUP + "/" + KServeResources.VERSION).withKind("InferenceService")
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToAnnotations("xss.example.com/payload", payload)
                .addToAnnotations("serving.kserve.io/deploymentMode", payload)
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", model,
                        "imagePullSecrets", List.of(Map.of("name", "x")))))
                .build();
        var resource = api.client().genericKubernetesResources(KServeResources.INFERENCE_SERVICES)
                .inNamespace(NAMESPACE).resource(isvc).create();
        resource.setAdditionalProperty("status", Map.of(
                "url", i % 3 == 0 ? "javascript:xssHit(" + i + ")" : "http://" + name + ".example.com/" + payload,
                "conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", payload,
                        "message", payload, "lastTransitionTime", "2026-01-01T00:00:00Z")),
                "modelStatus", Map.of("lastFailureInfo", Map.of("reason", payload, "message", payload))));
        api.client().genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inNamespace(NAMESPACE)
                .resource(resource).updateStatus();
    }

    /** Unknown keys and string values of the configuration JSON carry payloads too. */
    private static void configWithPayloads(MockKubernetesApi api) {
        ConfigMap cm = api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP)
                .get();
        StringBuilder json = new StringBuilder("{\"image\": \"kserve/storage-initializer:v0.20.0\", "
                + "\"memoryRequest\": \"100Mi\", \"memoryLimit\": \"1Gi\", \"cpuRequest\": \"100m\", "
                + "\"cpuLimit\": \"1\", \"enableModelcar\": true, \"uidModelcar\": 1010");
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String escaped = PAYLOADS.get(i).replace("\\", "\\\\").replace("\"", "\\\"");
            json.append(", \"").append(escaped).append("\": \"").append(escaped).append('"');
        }
        json.append('}');
        cm.getData().put("storageInitializer", json.toString());
        api.client().configMaps().inNamespace(KServeSeed.NAMESPACE).resource(cm).update();
    }

    @DynamicPropertySource
    static void kubernetes(DynamicPropertyRegistry registry) {
        registry.add("console.kubernetes.master-url", api::url);
    }


    @AfterAll
    static void closeApi() {
        api.close();
    }

    static boolean written;

    @BeforeEach
    void historyCarriesPayloads() {
        if (!written) {
            writeThroughTheConsoleSoThatHistoryShowsPayloads();
            written = true;
        }
    }

    @Test
    void noPayloadRunsOnAnyPageWithTheCspEnforced() {
        assertThat(PAYLOADS).hasSizeGreaterThanOrEqualTo(20);
        List<String> failures = visitEveryPage(browser.newPage(), true);
        assertThat(failures).isEmpty();
    }

    @Test
    void noPayloadRunsEvenWithTheCspBypassedBecauseEverythingIsEscaped() {
        List<String> failures = visitEveryPage(browser.newPageBypassingCsp(), false);
        assertThat(failures).isEmpty();
    }

    /** A console write (PUT with the payload keys) makes the history page and its diff carry the payloads. */
    private void writeThroughTheConsoleSoThatHistoryShowsPayloads() {
        ConsoleHttp admin = ConsoleHttp.basic(base(), "admin", "admin");
        HttpResponse<String> current = admin.get("/api/v1/storage-initializer");
        String etag = current.headers().firstValue("ETag").orElse("\"0\"");
        String body = "{\"image\": \"kserve/storage-initializer:v0.20.0\", \"memoryRequest\": \"100Mi\", "
                + "\"memoryLimit\": \"2Gi\", \"cpuRequest\": \"100m\", \"cpuLimit\": \"1\", "
                + "\"enableModelcar\": true, \"uidModelcar\": 1010, \"<img src=x onerror=xssHit(90)>\": "
                + "\"<script>xssHit(91)</script>\"}";
        HttpResponse<String> put = admin.send("PUT", "/api/v1/storage-initializer", "application/json", body,
                "If-Match", etag);
        System.out.println("[xss] console write with payload keys: " + put.statusCode());
    }

    private List<String> visitEveryPage(Page page, boolean cspEnforced) {
        page.addInitScript("window.__xss = []; window.xssHit = n => window.__xss.push(n);"
                + "window.__csp = []; document.addEventListener('securitypolicyviolation',"
                + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        List<String> dialogs = new CopyOnWriteArrayList<>();
        page.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        List<String> consoleCsp = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                consoleCsp.add(m.text());
            }
        });
        browser.login(page, base(), "admin", "admin");
        calibrate(page, cspEnforced);
        consoleCsp.clear();
        List<String> failures = new ArrayList<>();
        int visited = 0;
        for (String path : pages()) {
            page.navigate(base() + path);
            page.waitForLoadState();
            page.waitForTimeout(150);
            visited++;
            List<?> hits = (List<?>) page.evaluate("window.__xss");
            List<?> csp = (List<?>) page.evaluate("window.__csp");
            List<?> jsLinks = (List<?>) page.evaluate("[...document.querySelectorAll('a[href],area[href],"
                    + "iframe[src],object[data],embed[src],base[href],form[action]')].map(e => e.getAttribute('href')"
                    + " || e.getAttribute('src') || e.getAttribute('data') || e.getAttribute('action'))"
                    + ".filter(h => /^\\s*(javascript|data|vbscript):/i.test(h))");
            String text = page.locator("body").textContent();
            if (!hits.isEmpty()) {
                failures.add(path + ": payloads ran: " + hits);
            }
            if (!csp.isEmpty()) {
                failures.add(path + ": CSP violations (something tried to run): " + csp);
            }
            if (!jsLinks.isEmpty()) {
                failures.add(path + ": script URLs in links: " + jsLinks);
            }
            if (text.contains("xssssti")) {
                failures.add(path + ": a template expression in data was evaluated");
            }
        }
        failures.addAll(previewDiffWithPayloads(page));
        visited++;
        if (!dialogs.isEmpty()) {
            failures.add("dialogs opened: " + dialogs);
        }
        if (!consoleCsp.isEmpty()) {
            failures.add("CSP console reports: " + consoleCsp);
        }
        System.out.printf("[xss] csp=%s: %d payloads, %d pages visited, %d failures%n",
                cspEnforced ? "enforced" : "bypassed", PAYLOADS.size(), visited, failures.size());
        return failures;
    }

    /** The configuration page's preview renders a diff in the browser: payload keys and values go through it. */
    private List<String> previewDiffWithPayloads(Page page) {
        page.navigate(base() + "/configuration");
        page.locator("[data-testid=config-editor][data-ready=true]").waitFor();
        page.getByRole(com.microsoft.playwright.options.AriaRole.TAB,
                new Page.GetByRoleOptions().setName("Raw JSON")).click();
        // the stored configuration (every key KServe requires is there) plus one key and value per payload
        String json = (String) page.evaluate("payloads => { const config = JSON.parse("
                + "document.querySelector('#raw-json').value); payloads.forEach(p => config[p + ' (new)'] = p);"
                + " return JSON.stringify(config, null, 2); }", PAYLOADS);
        page.locator("#raw-json").fill(json);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Preview changes")).click();
        try {
            page.getByTestId("preview").waitFor();
        } catch (com.microsoft.playwright.TimeoutError e) {
            return List.of("/configuration preview not shown; the page said: "
                    + page.getByTestId("status").textContent());
        }
        page.waitForTimeout(300);
        List<String> failures = new ArrayList<>();
        int rows = page.locator("[data-testid=preview] tbody tr").count();
        if (rows < PAYLOADS.size()) {
            failures.add("/configuration preview: expected the payload keys in the diff, saw " + rows + " rows");
        }
        List<?> hits = (List<?>) page.evaluate("window.__xss");
        List<?> csp = (List<?>) page.evaluate("window.__csp");
        if (!hits.isEmpty() || !csp.isEmpty()) {
            failures.add("/configuration preview diff: ran " + hits + ", CSP " + csp);
        }
        return failures;
    }

    /** The detectors can fail: an injected handler is caught by the CSP (enforced) or runs and hits the hook. */
    private void calibrate(Page page, boolean cspEnforced) {
        page.navigate(base() + "/");
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=xssHit(777)>')");
        page.waitForTimeout(300);
        if (cspEnforced) {
            assertThat((List<?>) page.evaluate("window.__csp")).as("CSP violation detector").isNotEmpty();
        } else {
            assertThat((List<?>) page.evaluate("window.__xss")).as("script execution detector").isNotEmpty();
        }
    }

    private Set<String> pages() {
        Set<String> pages = new LinkedHashSet<>();
        pages.add("/");
        pages.add("/inferenceservices");
        pages.add("/inferenceservices?namespace=" + NAMESPACE);
        pages.add("/inferenceservices?q=xss");
        for (int i = 0; i < PAYLOADS.size(); i++) {
            pages.add(String.format("/inferenceservices/%s/xss-%02d", NAMESPACE, i));
        }
        for (String path : SecurityHeadersTest.Routes.getPaths(mappings)) {
            if (!path.startsWith("/api/") && !path.startsWith("/v3/") && !path.contains("/stream")
                    && !path.contains("no-such") && !path.contains("{")) {
                pages.add(path);
            }
        }
        pages.add("/toggles?preview=modelcar&enabled=false");
        pages.add("/toggles?preview=oci-model-support&enabled=true");
        pages.add("/configuration?view=raw");
        pages.add("/configuration?view=diff");
        pages.add("/no-such-page-<script>xssHit(99)</script>");
        return pages;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
