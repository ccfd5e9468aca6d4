package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.storageinitializer.KServeStorageInitializerCheck;
import io.modelcar.console.rollout.PreflightMatrix.Case;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeInstall;
import io.modelcar.console.testsupport.KServeManager;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.Prerequisite;
import io.modelcar.console.testsupport.WebhookCertificates;
import tools.jackson.databind.json.JsonMapper;

/**
 * KServe itself as the judge of the restart pre-flight: for every case of {@link PreflightMatrix} the real
 * controller manager starts on that {@code inferenceservice-config} (in a namespace of its own, against a real API
 * server with the release's CRDs) and either becomes ready or exits. The console's pre-flight
 * ({@link StartupConfigValidator}) must say "would crash" (a problem with {@code deploy}, {@code ingress} or
 * {@code multiNode}) exactly when it exits. Prints an agreement table. Results: docs/kserve-oracle.md.
 */
@org.junit.jupiter.api.Disabled("Issue 12, not yet passing: the first run against the real control plane hung in "
        + "KServeCluster.close (CRD deletion waits on InferenceService finalizers once the manager is stopped); "
        + "the suites have not run to the end yet, see docs/kserve-oracle.md")
class KServePreflightOracleTest {

    @RegisterExtension
    static final Prerequisite CONTROL_PLANE = ControlPlane.PREREQUISITE;
    @RegisterExtension
    static final Prerequisite OPENSSL = WebhookCertificates.OPENSSL;

    /** Keys whose problems crash the controller at start-up (storageInitializer ones fail the webhook instead). */
    private static final Set<String> START_UP_KEYS = Set.of(StartupConfigValidator.DEPLOY,
            StartupConfigValidator.INGRESS, StartupConfigValidator.MULTI_NODE);
    private static final Duration START = Duration.ofMinutes(3);
    private static final int PARALLEL = 3;

    static Stream<Arguments> releases() {
        return KServeRelease.ALL.stream().map(Arguments::of);
    }

    @AfterAll
    static void resetCluster() {
        if (CONTROL_PLANE.present()) {
            ControlPlane.shared().reset();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void wouldCrashExactlyWhenTheControllerExits(KServeRelease release) throws Exception {
        release.prerequisite().require();
        ControlPlane plane = ControlPlane.shared();
        KServeInstall install = new KServeInstall(plane.adminClient(), release);
        Path work = Files.createTempDirectory("kserve-preflight-" + release.version());
        WebhookCertificates certs = WebhookCertificates.create(work);
        JsonMapper json = JsonMapper.builder().build();
        StartupConfigValidator validator = new StartupConfigValidator(json, new KServeStorageInitializerCheck(json));
        KServeVersion version = KServeVersion.parse(release.version()).orElseThrow();
        List<Case> cases = PreflightMatrix.cases();
        List<CustomResourceDefinition> before = install.crds();
        List<String> rows = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Case x = cases.get(i);
                String namespace = "preflight-" + release.minor() + "-" + i;
                ConfigMap map = install.shippedConfigMap(namespace, x.data());
                install.applyConfigMap(map);
                started.add(pool.submit(() -> run(release, plane, namespace, certs)));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case x = cases.get(i);
                String kserve = started.get(i).get();
                ConfigMap map = install.shippedConfigMap("any", x.data());
                List<StartupKeyProblem> problems = validator.validate(map.getData(), version).stream()
                        .filter(p -> START_UP_KEYS.contains(p.key())).toList();
                boolean consoleCrash = !problems.isEmpty();
                boolean kserveCrash = kserve.startsWith("exits");
                boolean agree = consoleCrash == kserveCrash;
                String row = String.format("%-8s | %-55s | %-60s | %-60s | %s", release.version(), x.name(),
                        shorten(kserve, 60), consoleCrash ? "would crash: " + shorten(problems.get(0).message(), 47)
                                : "safe", agree ? "agree" : "DISAGREE");
                rows.add(row);
                if (!agree) {
                    disagreements.add(row);
                }
            }
        } finally {
            pool.shutdownNow();
            install.restoreCrds(before);
        }
        System.out.println("Pre-flight oracle, " + release + ": " + cases.size() + " cases, "
                + (cases.size() - disagreements.size()) + " agreed, " + disagreements.size() + " disagreements");
        rows.forEach(System.out::println);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(disagreements).as("cases where the pre-flight and " + release + " disagree").isEmpty();
    }

    /** Starts the manager on the namespace's ConfigMap: "runs" once ready, "exits (code): last error" if it ends. */
    private static String run(KServeRelease release, ControlPlane plane, String namespace, WebhookCertificates certs) {
        try (KServeManager manager = KServeManager.start(release, plane.adminKubeconfig(), namespace, certs,
                KServeManager.freePort())) {
            if (manager.awaitReady(START)) {
                return "runs";
            }
            Integer code = manager.awaitExit(Duration.ofSeconds(5));
            if (code == null) {
                return "neither ready nor exited: " + KServeCluster.tail(manager.log(), 3);
            }
            String error = manager.log().lines().filter(l -> l.contains("\"level\":\"error\"") || l.contains("ERROR"))
                    .findFirst().orElse(KServeCluster.tail(manager.log(), 1));
            return "exits (" + code + "): " + error.replaceAll(".*\"msg\":\"([^\"]*)\".*", "$1");
        }
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
