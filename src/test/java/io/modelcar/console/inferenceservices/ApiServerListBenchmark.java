package io.modelcar.console.inferenceservices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.modelcar.console.kubernetes.KServeResources;
import io.modelcar.console.testsupport.ControlPlane;
import io.modelcar.console.testsupport.SyntheticInventory;

/**
 * How fast a real API server hands out N InferenceServices, by the ways a client can list them (not part of
 * {@code ./mvnw verify}; surefire excludes {@code *Benchmark*}):
 * <pre>./mvnw -B -o test -Dtest=ApiServerListBenchmark -Dbenchmark.n=5000 -Dfrontend.skip=true
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * It starts a control plane of its own, creates N InferenceServices with their status (the {@link SyntheticInventory}
 * mix, no pods), and times, twice each: the paged LIST the console's informers make (pages of
 * {@link InventoryWatcher#LIST_PAGE}, bodies read, not decoded); one LIST with {@code resourceVersion=0} (served
 * whole from the API server's watch cache); and a fabric8 informer of generic resources until synced, listing in
 * pages, listing with {@code resourceVersion=0} (fabric8's "cached listing", no limit), and with a watch-list
 * ({@code sendInitialEvents}, the WatchList feature of Kubernetes 1.34). It asserts nothing about time.
 */
class ApiServerListBenchmark {

    private static final String PATH = "/apis/serving.kserve.io/v1beta1/inferenceservices?";

    @Test
    void compare() throws Exception {
        int n = Integer.getInteger("benchmark.n", 5000);
        try (ControlPlane cluster = ControlPlane.startOwn()) {
            KubernetesClient admin = cluster.client(cluster.adminKubeconfig(), Duration.ofMinutes(5));
            long t = System.nanoTime();
            SyntheticInventory.seed(admin, 0, n, ControlPlane.NODE, 16, SyntheticInventory.Pods.NONE);
            System.out.printf("seeded %d InferenceServices (no pods) in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
            Thread.sleep(20_000);
            for (int round = 0; round < 2; round++) {
                System.out.printf("round %d paged LIST, bodies not decoded: %.2f s%n", round,
                        InventoryBenchmark.pagedListSeconds(admin, PATH));
                long s = System.nanoTime();
                int length = admin.raw(PATH + "resourceVersion=0").length();
                System.out.printf("round %d raw resourceVersion=0, unpaged: %.2f s (%d chars)%n", round,
                        (System.nanoTime() - s) / 1e9, length);
                for (String mode : new String[] {"paged", "cached", "watchlist"}) {
                    System.out.printf("round %d informer %s: %.2f s%n", round, mode, sync(cluster, mode, n));
                }
            }
            for (String line : admin.raw("/metrics").split("\n")) {
                if (line.contains("inferenceservices") && (line.startsWith("apiserver_cache_list_total")
                        || line.startsWith("etcd_requests_total") && line.contains("list"))) {
                    System.out.println("metric " + line);
                }
            }
        }
    }

    private static double sync(ControlPlane cluster, String mode, int n) throws Exception {
        Path kubeconfig = cluster.adminKubeconfig();
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        config.setRequestTimeout((int) Duration.ofMinutes(5).toMillis());
        config.setWatchList("watchlist".equals(mode));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            var op = client.genericKubernetesResources(KServeResources.INFERENCE_SERVICES).inAnyNamespace();
            long start = System.nanoTime();
            SharedIndexInformer<GenericKubernetesResource> informer = "paged".equals(mode)
                    ? op.withLimit(InventoryWatcher.LIST_PAGE).runnableInformer(0) : op.runnableInformer(0);
            informer.start().toCompletableFuture().get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            int size = informer.getStore().list().size();
            informer.stop();
            if (size != n) {
                throw new IllegalStateException(mode + ": " + size);
            }
            return seconds;
        }
    }
}
