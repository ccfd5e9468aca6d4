package io.modelcar.console.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/**
 * The in-memory API stops deterministically: closing it, or stopping it to simulate an outage, waits for a dispatch
 * that holds its event loop, however long (fabric8's MockWebServer gives it 10 s and then fails with "Unable to
 * close MockWebServer", which failed the tear-down of WritesUnderFaultsTest on a busy machine).
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
