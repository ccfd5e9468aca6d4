package io.modelcar.console.replicas;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.ModelcarConsoleApplication;
import io.modelcar.console.images.StaticBusybox;
import io.modelcar.console.rollout.RestartTrackers;
import io.modelcar.console.sandbox.ControllerRolloutSimulation;
import io.modelcar.console.testsupport.ChromiumExtension;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.LocalRegistry;
import io.modelcar.console.testsupport.MockKubernetesApi;
import io.modelcar.console.testsupport.MutableClock;
import io.modelcar.console.testsupport.RoundRobinProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Acceptance of issue 18: two consoles (two Spring contexts in this JVM) against one API server (a real control plane
 * of this class's own where it is built, with a real Deployment rollout; the in-memory API with a simulated rollout
 * elsewhere), behind a proxy that
 * sends every request to the next replica, and a headless-Chromium user who logs in, saves the configuration, sets a
 * timed toggle, builds an image (polling its status) and restarts the controller. Then the replica that leads and
 * follows the restart stops (as a pod does in a rolling update: out of the Service, then SIGTERM), and the user goes
 * on with the other one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasBrowserTest {

    /** The key ring both replicas get from the chart's Secret. */
    static final String SESSION_KEY = "q9Yb3k8J1mH0yq0m4o9I2C9c8S0u2O6M5bZ3Wc0xY7o=";

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.open();

    @RegisterExtension
    static final ChromiumExtension browser = new ChromiumExtension();

    /** The real control plane where built, else null. */
    static ControlPlane controlPlane;
    /** The in-memory API where the control plane is not built, else null. */
    static MockKubernetesApi api;
    static KubernetesClient client;
    static ControllerRolloutSimulation simulation;
    // the console's one clock bean: real time, so that caches and deadlines run, moved ahead for the timed toggle
    static final MutableClock clock = MutableClock.ticking();
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static RoundRobinProxy proxy;

    @BeforeAll
    static void twoConsolesBehindOneService() throws Exception {
        if (ControlPlane.PREREQUISITE.present()) {
            // its own: the consoles that other test classes keep running on the shared one would take part
            controlPlane = ControlPlane.startOwn();
            client = controlPlane.adminClient();
            KServeSeed seed = new KServeSeed(client);
            seed.allOnRealCluster();
            seed.namespace("replicas");
            // the controller manager rolls the Deployment; slow enough that the restart is still running when its
            // replica stops: each new pod counts as available only after this long
            client.apps().deployments().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONTROLLER)
                    .edit(d -> new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(d).editSpec()
                            .withMinReadySeconds(8).endSpec().build());
        } else {
            api = MockKubernetesApi.start();
            client = api.client();
            new KServeSeed(client).all();
            // slow enough that the restart is still running when its replica stops
            simulation = new ControllerRolloutSimulation(client, KServeSeed.NAMESPACE, KServeSeed.CONTROLLER,
                    Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(60)).start();
        }
        System.out.println("Two replicas on " + (controlPlane != null ? "the real control plane at "
                + controlPlane.url() : "the in-memory API"));
        first = console("first");
        await(() -> lease(first).leads(), Duration.ofSeconds(20), "the first console leads");
        second = console("second");
        proxy = RoundRobinProxy.to(List.of(port(first), port(second)));
    }

    static ConfigurableApplicationContext console(String name) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        // every response closes its connection: the next request is a new connection, to the next replica
        properties.put("server.tomcat.max-keep-alive-requests", "1");
        properties.put("spring.main.banner-mode", "off");
        if (controlPlane != null) {
            properties.put("console.kubernetes.kubeconfig", controlPlane.adminKubeconfig().toString());
            properties.put("console.kubernetes.kserve-namespace", KServeSeed.NAMESPACE);
            properties.put("console.kubernetes.controller-name", KServeSeed.CONTROLLER);
        } else {
            properties.put("console.kubernetes.master-url", api.url());
        }
        properties.put("console.security.session.keys[0]", SESSION_KEY);
        properties.put("console.replicas.lease-duration", "4s");
        properties.put("console.replicas.renew-deadline", "3s");
        properties.put("console.replicas.retry-period", "300ms");
        properties.put("console.rollout.poll-interval", "200ms");
        properties.put("console.rollout.resume-interval", "1s");
        properties.put("console.toggles.expiry-check-interval", "300ms");
        properties.put("console.images.registry.url", registry.url());
        properties.put("console.images.work-dir", Files.createTempDirectory("replica-" + name).toString());
        properties.put("console.images.busybox-path", StaticBusybox.path());
        properties.put("console.images.status.publish-interval", "300ms");
        // as command-line arguments: they win over application.yaml (server.port: 8080), default properties do not
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(ModelcarConsoleApplication.class)
                .profiles("sandbox")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run(args);
    }

    static int port(ConfigurableApplicationContext console) {
        return ((WebServerApplicationContext) console).getWebServer().getPort();
    }

    static LeaderLease lease(ConfigurableApplicationContext console) {
        return console.getBean(LeaderLease.class);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        for (ConfigurableApplicationContext console : new ConfigurableApplicationContext[] {first, second}) {
            if (console != null && console.isActive()) {
                console.close();
            }
        }
        if (simulation != null) {
            simulation.close();
        }
        if (api != null) {
            api.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    @Order(1)
    void whenTheEventStreamReconnectsToEitherReplicaThenItResumesWithoutAGap() throws Exception {
        EventStream stream = EventStream.open(port(first), null);
        createInferenceService("before-the-gap");
        String lastId = stream.awaitEvent("change", "before-the-gap").id();
        stream.close();

        createInferenceService("in-the-gap");
        await(() -> lease(first).leads(), Duration.ofSeconds(5), "the first console still runs");
        Thread.sleep(1_000); // both replicas' watches have seen it

        EventStream sameReplica = EventStream.open(port(first), lastId);
        EventStream.Event replayed = sameReplica.awaitEvent("change", "in-the-gap");
        sameReplica.close();
        EventStream otherReplica = EventStream.open(port(second), lastId);
        EventStream.Event resync = otherReplica.awaitEvent("resync", "in-the-gap");
        createInferenceService("after-the-resync");
        otherReplica.awaitEvent("change", "after-the-resync");
        otherReplica.close();

        org.assertj.core.api.Assertions.assertThat(replayed.data()).contains("\"type\":\"ADDED\"");
        org.assertj.core.api.Assertions.assertThat(sameReplica.names()).doesNotContain("resync");
        org.assertj.core.api.Assertions.assertThat(resync.data()).contains("before-the-gap");
    }

    @Test
    @Order(2)
    void whenRequestsAlternateAndOneReplicaStopsThenTheUserNeverNoticesAndBackgroundWorkHappensOnce()
            throws Exception {
        String base = "http://127.0.0.1:" + proxy.port();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<String> loginPages = new CopyOnWriteArrayList<>();
        // a page before login: the login page, then back to that page (the saved request travels in a cookie)
        Page page = browser.newPage();
        page.navigate(base + "/toggles");
        page.getByLabel("Username").fill("operator");
        page.getByLabel("Password").fill("operator");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(url -> url.contains("/toggles"));
        page.onResponse(response -> {
            if (response.status() >= 400) {
                failures.add(response.status() + " " + response.request().method() + " " + response.url());
            }
        });
        page.onFrameNavigated(frame -> {
            if (frame.url().contains("/login")) {
                loginPages.add(frame.url());
            }
        });

        // pages, one after the other, from both replicas
        for (String path : List.of("/", "/toggles", "/configuration", "/controller", "/images", "/inferenceservices")) {
            page.navigate(base + path);
            assertThat(page.locator(".user")).containsText("operator");
        }
        org.assertj.core.api.Assertions.assertThat(proxy.connections(port(first))).isGreaterThan(3);
        org.assertj.core.api.Assertions.assertThat(proxy.connections(port(second))).isGreaterThan(3);
        List<Cookie> cookies = page.context().cookies();
        org.assertj.core.api.Assertions.assertThat(cookies).extracting(c -> c.name).doesNotContain("JSESSIONID")
                .contains("MCC_SESSION", "MCC_CSRF");
        Cookie session = cookies.stream().filter(c -> c.name.equals("MCC_SESSION")).findFirst().orElseThrow();
        org.assertj.core.api.Assertions.assertThat(session.httpOnly).isTrue();
        org.assertj.core.api.Assertions.assertThat(session.sameSite).hasToString("LAX");

        // a configuration save (fetch with the CSRF header)
        page.navigate(base + "/configuration");
        // the page's script has loaded the configuration and bound its buttons (a click before that does nothing:
        // seen once in a CI rehearsal at load 15)
        assertThat(page.getByTestId("config-editor")).hasAttribute("data-ready", "true");
        page.locator("#field-cpuModelcar").fill("15m");
        button(page, "Preview changes").click();
        assertThat(page.getByTestId("preview")).isVisible();
        button(page, "Save").click();
        assertThat(page.getByTestId("status")).containsText("Saved");
        org.assertj.core.api.Assertions.assertThat(storedConfig()).contains("\"cpuModelcar\": \"15m\"");

        // a timed toggle (form post with the CSRF field, then a redirect with a flash message)
        page.navigate(base + "/toggles");
        page.locator("[data-toggle=modelcar]").getByTestId("flip").click();
        page.locator("#expiresIn").selectOption("PT1H");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn off Modelcars")).click();
        assertThat(page.getByTestId("toggle-message")).containsText("Turned modelcar off");
        assertThat(page.locator("[data-toggle=modelcar]").getByTestId("toggle-state")).hasText("Off");
        org.assertj.core.api.Assertions.assertThat(storedConfig()).contains("\"enableModelcar\": false");

        // an image build whose status is polled from both replicas
        page.navigate(base + "/images");
        page.getByLabel("Model files").setInputFiles(new FilePayload[] {new FilePayload("model.joblib",
                "application/octet-stream", "weights".getBytes(StandardCharsets.UTF_8))});
        page.getByLabel("Repository").fill("models/replicas");
        page.getByLabel("Tag", new Page.GetByLabelOptions().setExact(true)).fill("1.0");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Build and push")).click();
        assertThat(page.getByTestId("build-state")).hasText("Succeeded",
                new LocatorAssertions.HasTextOptions().setTimeout(90_000));

        // a controller restart, accepted by the first replica (the leader), which then follows it
        page.navigate(base + "/controller");
        page.getByLabel("Strategy").selectOption("rollout");
        proxy.pin(port(first));
        page.getByTestId("restart-button").click();
        assertThat(page.getByTestId("restart-progress")).isVisible();
        proxy.unpin();
        String restartId = newestRestart().get("id").stringValue();
        org.assertj.core.api.Assertions.assertThat(RestartTrackers.follows(first, restartId)).isTrue();

        // the first replica stops: out of the Service, then a graceful shutdown
        proxy.remove(port(first));
        Instant stopping = Instant.now();
        first.close();
        await(() -> lease(second).leads(), Duration.ofSeconds(10), "the second console leads");
        Duration handOver = Duration.between(stopping, Instant.now());

        // the restart that was being followed reaches its final state, followed by the second replica
        assertThat(page.getByTestId("restart-state")).hasText("Succeeded",
                new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        org.assertj.core.api.Assertions.assertThat(newestRestart().get("trackedBy").stringValue())
                .isEqualTo(RestartTrackers.replicaId(second));

        // the timed toggle runs out after the stop and is flipped back exactly once
        clock.advance(Duration.ofMinutes(61));
        await(() -> storedConfig().contains("\"enableModelcar\": true"), Duration.ofSeconds(20),
                "the timed toggle flipped back");
        Thread.sleep(2_000);
        org.assertj.core.api.Assertions.assertThat(flipBacks()).isEqualTo(1);

        // the user goes on, logged in, on the remaining replica
        page.navigate(base + "/toggles");
        assertThat(page.locator(".user")).containsText("operator");
        assertThat(page.locator("[data-toggle=modelcar]").getByTestId("toggle-state")).hasText("On");

        org.assertj.core.api.Assertions.assertThat(failures).isEmpty();
        org.assertj.core.api.Assertions.assertThat(loginPages).isEmpty();
        System.out.printf("Lease hand-over after a graceful stop: %d ms%n", handOver.toMillis());
    }

    private static void createInferenceService(String name) {
        client.genericKubernetesResources(io.modelcar.console.kubernetes.KServeResources.INFERENCE_SERVICES)
                .inNamespace("replicas").resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                        .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
                        .withNewMetadata().withName(name).withNamespace("replicas").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("predictor", Map.of("model", Map.of(
                                "modelFormat", Map.of("name", "sklearn"),
                                "storageUri", "oci://quay.io/acme/" + name + ":1")))).build()).create();
    }

    private static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static String storedConfig() {
        return client.configMaps().inNamespace(KServeSeed.NAMESPACE).withName(KServeSeed.CONFIG_MAP).get().getData()
                .get("storageInitializer");
    }

    /** The newest restart record (the records are a JSON array, newest first). */
    private static tools.jackson.databind.JsonNode newestRestart() {
        ConfigMap records = client.configMaps().inNamespace(KServeSeed.NAMESPACE)
                .withName("modelcar-console-restarts").get();
        org.assertj.core.api.Assertions.assertThat(records).as("restart records").isNotNull();
        String json = records.getData().values().iterator().next();
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).get(0);
    }

    private static long flipBacks() {
        return client.v1().events().inNamespace(KServeSeed.NAMESPACE).list().getItems().stream()
                .filter(e -> e.getMessage() != null && e.getMessage().contains("toggle.modelcar.expire success"))
                .count();
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }
}
