package io.modelcar.console.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/**
 * The in-memory API pages LISTs as a real API server does, and stops deterministically: closing it, or stopping it
 * to simulate an outage, waits for a dispatch that holds its event loop, however long (fabric8's MockWebServer gives
 * it 10 s and then fails with "Unable to close MockWebServer", which failed the tear-down of WritesUnderFaultsTest on
 * a busy machine).
 */
class MockKubernetesApiTest {

    @Test
    void closingWhileADispatchHoldsTheEventLoopLongerThanTenSecondsWaitsForItAndReleasesThePort() {
        MockKubernetesApi api = MockKubernetesApi.start();
        int port = api.port();
        api.holdEventLoop(Duration.ofSeconds(12), path -> path.contains("/configmaps"));
        KubernetesClient client = api.client();
        CompletableFuture.runAsync(() -> {
            try {
                client.configMaps().inNamespace("held").list();
            } catch (RuntimeException expected) {
                // the client is closed under it
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> api.count("GET", p -> p.contains("/configmaps")) == 1);

        assertThatCode(api::close).doesNotThrowAnyException();

        assertThat(refused(port)).as("nothing listens on the port any more").isTrue();
    }

    @Test
    void aListWithALimitComesInPagesInKeyOrderLikeTheApiServersAndAnUnknownTokenIsExpired() {
        try (MockKubernetesApi api = MockKubernetesApi.start()) {
            KubernetesClient client = api.client();
            List<String> created = new ArrayList<>();
            for (String ns : List.of("paging-b", "paging-a")) {
                for (int i = 9; i >= 0; i--) {
                    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                            .withName("cm-" + i).addToLabels("paged", "yes").endMetadata().build()).create();
                    created.add(ns + "/cm-" + i);
                }
            }
            client.configMaps().inNamespace("paging-a").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("unlabelled").endMetadata().build()).create();

            List<String> listed = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String token = null;
            String resourceVersion = null;
            do {
                ConfigMapList page = client.configMaps().inAnyNamespace().withLabel("paged")
                        .list(new ListOptionsBuilder().withLimit(7L).withContinue(token).build());
                page.getItems().forEach(cm -> listed.add(cm.getMetadata().getNamespace() + "/"
                        + cm.getMetadata().getName()));
                pageSizes.add(page.getItems().size());
                token = page.getMetadata().getContinue();
                if (token != null) {
                    assertThat(page.getMetadata().getRemainingItemCount()).isEqualTo(20L - listed.size());
                }
                if (resourceVersion != null) {
                    assertThat(page.getMetadata().getResourceVersion()).as("one snapshot").isEqualTo(resourceVersion);
                }
                resourceVersion = page.getMetadata().getResourceVersion();
            } while (token != null);

            assertThat(pageSizes).containsExactly(7, 7, 6);
            assertThat(listed).as("each once, the label selector applied, in namespace then name order")
                    .isEqualTo(created.stream().sorted().toList());
            assertThat(api.pagedListSnapshots()).as("a finished list keeps nothing").isZero();
            assertThatThrownBy(() -> client.configMaps().inAnyNamespace()
                    .list(new ListOptionsBuilder().withLimit(7L).withContinue("unknown:7").build()))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                            .isEqualTo(410));
            assertThat(client.configMaps().inAnyNamespace().list().getItems()).as("unpaged: whole").hasSize(21);
        }
    }

    @Test
    void listsLeftAfterTheirFirstPageAreForgottenBeyondAFew() {
        try (MockKubernetesApi api = MockKubernetesApi.start()) {
            KubernetesClient client = api.client();
            for (int i = 0; i < 3; i++) {
                client.configMaps().inNamespace("abandoned").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("cm-" + i).endMetadata().build()).create();
            }
            for (int i = 0; i < ListPages.KEPT + 5; i++) {
                assertThat(client.configMaps().inAnyNamespace().list(new ListOptionsBuilder().withLimit(1L).build())
                        .getMetadata().getContinue()).isNotNull();
            }

            assertThat(api.pagedListSnapshots()).isEqualTo(ListPages.KEPT);
        }
    }

    @Test
    void eventsOlderThanTheTtlAreDeletedAsAnApiServerDoesWhenTheNextOneIsCreated() {
        try (MockKubernetesApi api = MockKubernetesApi.start().eventTtl(Duration.ofSeconds(1))) {
            KubernetesClient client = api.client();
            client.v1().events().inNamespace("audit").resource(event("first")).create();
            client.configMaps().inNamespace("audit").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("not-an-event").endMetadata().build()).create();
            await().pollDelay(Duration.ofMillis(1500)).until(() -> true);

            client.v1().events().inNamespace("audit").resource(event("second")).create();

            assertThat(client.v1().events().inNamespace("audit").list().getItems())
                    .extracting(e -> e.getMetadata().getName()).containsExactly("second");
            assertThat(client.configMaps().inNamespace("audit").withName("not-an-event").get()).isNotNull();
        }
    }

    private static io.fabric8.kubernetes.api.model.Event event(String name) {
        return new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata().withName(name).endMetadata()
                .withReason("Test").withMessage(name).withNewInvolvedObject().withKind("ConfigMap")
                .withName("x").withNamespace("audit").endInvolvedObject().build();
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
