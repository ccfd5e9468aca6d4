package io.modelcar.console.inferenceservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.modelcar.console.testsupport.ConsoleHttp;
import io.modelcar.console.testsupport.MockClusterTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A busy API server answers a page of the inventory's LIST more slowly than the console's request timeout (here 3 s
 * against 2 s; run F at 50,000 saw pages over 10 s). The informers' LIST has a timeout of its own
 * ({@code console.inventory.list-timeout}), so the inventory syncs with one LIST instead of starting it over and
 * over.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "console.kubernetes.request-timeout=2s", "console.kubernetes.user-agent=" + SlowListTest.AGENT})
@ActiveProfiles("sandbox")
class SlowListTest extends MockClusterTest {

    static final String AGENT = "slow-list-test";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // before the context starts: the server takes 3 s before it answers a LIST of InferenceServices at all, as a
        // busy API server takes to build a page
        api.holdEventLoop(Duration.ofSeconds(3), path -> path.contains("/inferenceservices?")
                && !path.contains("watch=true"));
    }

    @AfterAll
    static void answerNormally() {
        api.answerNormally();
    }

    @LocalServerPort
    int port;

    @Test
    void whenEachListPageTakesLongerThanTheRequestTimeoutThenTheInventoryStillSyncsWithOneList() {
        ConsoleHttp viewer = ConsoleHttp.basic("http://localhost:" + port, "viewer", "viewer");

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            JsonNode list = JSON.readTree(viewer.get("/api/v1/inferenceservices").body());
            assertThat(list.get("synced").asBoolean()).isTrue();
            assertThat(list.get("total").asInt()).isPositive();
        });
        assertThat(api.listRequests("inferenceservices", AGENT)).as("LISTs of InferenceServices sent").isEqualTo(1);
    }
}
