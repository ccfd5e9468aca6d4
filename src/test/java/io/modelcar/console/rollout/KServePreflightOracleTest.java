package io.modelcar.console.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.modelcar.console.kubernetes.KServeVersion;
import io.modelcar.console.storageinitializer.KServeStorageInitializerCheck;
import io.modelcar.console.rollout.PreflightMatrix.Case;
import io.modelcar.console.testsupport.KServeCluster;
import io.modelcar.console.testsupport.KServeInstall;
import io.modelcar.console.testsupport.KServeManager;
import io.modelcar.console.testsupport.KServeRelease;
import io.modelcar.console.testsupport.Prerequisite;
import tools.jackson.databind.json.JsonMapper;

/**
 * KServe itself as the judge of the restart pre-flight: for every case of {@link PreflightMatrix} the real
 * controller manager starts on that {@code inferenceservice-config} (in a namespace of its own, against a real API
 * server with the release's CRDs) and either becomes ready or exits. The console's pre-flight
 * ({@link StartupConfigValidator}) must say "would crash" (a problem with {@code deploy}, {@code ingress} or
 * {@code multiNode}) exactly when it exits. Prints an agreement table. Results: docs/kserve-oracle.md.
 */
class KServePreflightOracleTest {

    @RegisterExtension
    static final Prerequisite KSERVE = KServeCluster.PREREQUISITE;

    /** Keys whose problems crash the controller at start-up (storageInitializer ones fail the webhook instead). */
    private static final Set<String> START_UP_KEYS = Set.of(StartupConfigValidator.DEPLOY,
            StartupConfigValidator.INGRESS, StartupConfigValidator.MULTI_NODE);
    private static final Duration START = Duration.ofMinutes(3);
    private static final int PARALLEL = 3;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.modelcar.console.testsupport.KServeCluster#releases")
    void wouldCrashExactlyWhenTheControllerExits(KServeRelease release) throws Exception {
        long startedAt = System.nanoTime();
        JsonMapper json = JsonMapper.builder().build();
        StartupConfigValidator validator = new StartupConfigValidator(json, new KServeStorageInitializerCheck());
        KServeVersion version = KServeVersion.parse(release.version()).orElseThrow();
        List<Case> cases = PreflightMatrix.cases();
        List<String> rows = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        KServeCluster kserve = KServeCluster.shared(release, Map.of());
        try {
            KServeInstall install = kserve.install();
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Case x = cases.get(i);
                String namespace = "preflight-" + release.minor() + "-" + i;
                ConfigMap map = install.shippedConfigMap(namespace, x.data());
                install.applyConfigMap(map);
                started.add(pool.submit(() -> run(kserve, namespace)));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case x = cases.get(i);
                String kserveDid = started.get(i).get();
                ConfigMap map = install.shippedConfigMap("any", x.data());
                List<StartupKeyProblem> problems = validator.validate(map.getData(), version,
                        (gv, kind) -> ControllerCluster.served(kserve.admin(), gv, kind)).stream()
                        .filter(p -> START_UP_KEYS.contains(p.key())).toList();
                boolean consoleCrash = !problems.isEmpty();
                boolean kserveCrash = kserveDid.startsWith("exits");
                boolean agree = consoleCrash == kserveCrash;
                String row = String.format("%-8s | %-55s | %-60s | %-60s | %s", release.version(), x.name(),
                        shorten(kserveDid, 60), consoleCrash ? "would crash: " + shorten(problems.get(0).message(), 47)
                                : "safe", agree ? "agree" : "DISAGREE");
                rows.add(row);
                if (!agree) {
                    disagreements.add(row);
                }
            }
        } finally {
            pool.shutdownNow();
            kserve.clear();
        }
        System.out.println("Pre-flight oracle, " + release + ": " + cases.size() + " cases, "
                + (cases.size() - disagreements.size()) + " agreed, " + disagreements.size() + " disagreements; "
                + (System.nanoTime() - startedAt) / 1_000_000_000 + " s");
        rows.forEach(System.out::println);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(disagreements).as("cases where the pre-flight and " + release + " disagree").isEmpty();
    }

    /**
     * What the controller needs of the cluster at start-up, judged the same way: Gateway API mode (a good
     * {@code kserveIngressGateway}) on a cluster whose API server serves HTTPRoute and on one that does not (the CRD
     * deleted for the case, then put back). The pre-flight asks the real API server's discovery as the console does
     * ({@link ControllerCluster#served(io.fabric8.kubernetes.client.KubernetesClient, String, String)}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.modelcar.console.testsupport.KServeCluster#releases")
    void gatewayApiModeWouldCrashExactlyWhenTheClusterServesNoHttpRoute(KServeRelease release) {
        JsonMapper json = JsonMapper.builder().build();
        StartupConfigValidator validator = new StartupConfigValidator(json, new KServeStorageInitializerCheck());
        KServeVersion version = KServeVersion.parse(release.version()).orElseThrow();
        Map<String, String> data = Map.of(StartupConfigValidator.INGRESS,
                PreflightMatrix.INGRESS.replace("\"enableGatewayApi\": false", "\"enableGatewayApi\": true"));
        KServeCluster kserve = KServeCluster.shared(release, Map.of());
        KServeInstall install = kserve.install();
        List<String> rows = new ArrayList<>();
        try {
            for (boolean withHttpRoutes : List.of(true, false)) {
                if (!withHttpRoutes) {
                    install.removeHttpRoutes();
                }
                String served = withHttpRoutes ? "served" : "absent";
                String namespace = "preflight-" + release.minor() + "-gateway-" + served;
                install.applyConfigMap(install.shippedConfigMap(namespace, data));
                String kserveDid = run(kserve, namespace);
                List<StartupKeyProblem> problems = validator.validate(install.shippedConfigMap("any", data).getData(),
                        version, (gv, kind) -> ControllerCluster.served(kserve.admin(), gv, kind));
                String row = release.version() + " | Gateway API on, HTTPRoute " + served + " | "
                        + shorten(kserveDid, 80) + " | "
                        + (problems.isEmpty() ? "safe" : "would crash: " + problems.get(0).message());
                rows.add(row);
                assertThat(problems.stream().anyMatch(p -> START_UP_KEYS.contains(p.key())))
                        .as(row).isEqualTo(kserveDid.startsWith("exits"));
            }
        } finally {
            install.restoreHttpRoutes();
            System.out.println("Pre-flight oracle, " + release + ", what the cluster serves:");
            rows.forEach(System.out::println);
            kserve.clear();
        }
        assertThat(rows).hasSize(2);
    }

    /**
     * What KServe did with the configuration of {@code namespace}. An exit because controller-runtime could not start
     * a watch ("failed to get informer from cache": once in a CI run, v0.20.0, a configuration that runs in every
     * other run) says nothing of the configuration but of the shared test cluster at that moment: that case runs once
     * more, and its second answer counts.
     */
    private static String run(KServeCluster kserve, String namespace) {
        String did = runOnce(kserve, namespace);
        return did.contains("failed to get informer from cache") ? runOnce(kserve, namespace) : did;
    }

    /** Starts the manager on the namespace's ConfigMap: "runs" once ready, "exits (code): last error" if it ends. */
    private static String runOnce(KServeCluster kserve, String namespace) {
        try (KServeManager manager = kserve.manager(namespace)) {
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
