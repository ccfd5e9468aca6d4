package io.modelcar.console.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcar.console.kubernetes.KServeDiscovery;
import io.modelcar.console.kubernetes.KubernetesProperties;
import io.modelcar.console.testsupport.KServeSeed;
import io.modelcar.console.testsupport.MockKubernetesApi;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two consoles' leases against one API server: exactly one leads, and the other takes over when it stops. */
class LeaderLeaseTest {

    static final ReplicaProperties FAST = new ReplicaProperties("modelcar-console-leader", Duration.ofSeconds(3),
            Duration.ofSeconds(2), Duration.ofMillis(200));

    MockKubernetesApi api;
    KubernetesClient client;
    LeaderLease first;
    LeaderLease second;

    @BeforeEach
    void seed() {
        api = MockKubernetesApi.start();
        client = api.client();
        new KServeSeed(client).all();
    }

    @AfterEach
    void stop() {
        for (LeaderLease lease : new LeaderLease[] {first, second}) {
            if (lease != null && lease.isRunning()) {
                lease.stop();
            }
        }
        api.close();
    }

    LeaderLease lease(String identity) {
        return lease(identity, client);
    }

    LeaderLease lease(String identity, KubernetesClient replicaClient) {
        KServeDiscovery discovery = new KServeDiscovery(replicaClient, new KubernetesProperties(null, null, false,
                Duration.ofSeconds(10), null, "control-plane=kserve-controller-manager", KServeSeed.CONFIG_MAP),
                java.time.Clock.systemUTC());
        return new LeaderLease(replicaClient, discovery, FAST, identity);
    }

    @Test
    void whenTwoReplicasStandThenExactlyOneLeadsAndItsHandOverTaskRunsOnce() throws Exception {
        AtomicInteger handOvers = new AtomicInteger();
        first = lease("first");
        second = lease("second");
        first.whenLeading(handOvers::incrementAndGet);
        second.whenLeading(handOvers::incrementAndGet);

        first.start();
        second.start();
        await(() -> first.leads() || second.leads(), Duration.ofSeconds(10));
        Thread.sleep(1_500); // several renewals and retries

        assertThat(first.leads() ^ second.leads()).isTrue();
        assertThat(handOvers).hasValue(1);
        assertThat(heldBy()).isEqualTo(first.leads() ? "first" : "second");
    }

    @Test
    void whenTheLeaderStopsThenItReleasesTheLeaseAndTheOtherLeadsWithinSeconds() throws Exception {
        first = lease("first");
        first.start();
        await(first::leads, Duration.ofSeconds(10));
        second = lease("second");
        second.start();
        Thread.sleep(600);
        assertThat(second.leads()).isFalse();

        Instant stopping = Instant.now();
        first.stop();
        assertThat(heldBy()).as("released at once").isNullOrEmpty();
        await(second::leads, Duration.ofSeconds(5));

        Duration handOver = Duration.between(stopping, Instant.now());
        assertThat(handOver).isLessThan(FAST.leaseDuration());
        assertThat(first.leads()).isFalse();
        assertThat(heldBy()).isEqualTo("second");
    }

    @Test
    void whenTheLeaderDiesWithoutReleasingThenTheOtherLeadsOnceTheLeaseRunsOut() throws Exception {
        KubernetesClient dying = api.client();
        first = lease("first", dying);
        first.start();
        await(first::leads, Duration.ofSeconds(10));
        second = lease("second");
        second.start();
        Thread.sleep(600);
        assertThat(second.leads()).isFalse();

        // a killed pod: its connection to the API is gone, so it neither renews nor releases
        dying.close();
        Instant killed = Instant.now();
        first.stop();
        assertThat(heldBy()).as("not released").isEqualTo("first");

        await(second::leads, Duration.ofSeconds(10));
        assertThat(heldBy()).isEqualTo("second");
        assertThat(Duration.between(killed, Instant.now())).as("the lease ran out first")
                .isGreaterThan(FAST.leaseDuration().minus(FAST.renewDeadline()));
    }

    /**
     * A stopped context started again (Spring's {@code restart()}, or a paused test context taken from the cache)
     * stands for election again and runs its hand-over tasks again: background work must not stay off for good.
     */
    @Test
    void whenStoppedAndStartedAgainThenItLeadsAgainAndRunsItsHandOverTaskAgain() throws Exception {
        AtomicInteger handOvers = new AtomicInteger();
        first = lease("first");
        first.whenLeading(handOvers::incrementAndGet);
        first.start();
        await(() -> handOvers.get() == 1, Duration.ofSeconds(10));
        first.stop();
        assertThat(first.leads()).isFalse();

        first.start();

        await(() -> first.leads() && handOvers.get() == 2, Duration.ofSeconds(10));
        assertThat(heldBy()).isEqualTo("first");
    }

    private String heldBy() {
        Lease lease = client.leases().inNamespace(KServeSeed.NAMESPACE).withName(FAST.leaseName()).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static void await(BooleanSupplier condition, Duration timeout) {
        Awaitility.await("waited too long").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
