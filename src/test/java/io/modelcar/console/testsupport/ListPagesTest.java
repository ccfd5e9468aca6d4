package io.modelcar.console.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.mockwebserver.http.MockResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Continue tokens expire as an API server's do (etcd compacts every 5 minutes): the next page is then a 410. */
class ListPagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LIST = "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":"
            + "{\"resourceVersion\":\"7\"},\"items\":[{\"metadata\":{\"namespace\":\"b\",\"name\":\"x\"}},"
            + "{\"metadata\":{\"namespace\":\"a\",\"name\":\"y\"}},{\"metadata\":{\"namespace\":\"a\",\"name\":\"x\"}}]}";

    @Test
    void aTokenOlderThanFiveMinutesIsExpiredAndItsSnapshotForgotten() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        ListPages pages = new ListPages(clock);
        AtomicReference<String> asked = new AtomicReference<>();

        JsonNode first = body(pages.page("/api/v1/configmaps?limit=2&labelSelector=a%3Db", path -> {
            asked.set(path);
            return new MockResponse().setResponseCode(200).setBody(LIST);
        }));
        assertThat(asked.get()).as("the whole list, asked without paging").isEqualTo(
                "/api/v1/configmaps?labelSelector=a%3Db");
        assertThat(first.get("items").valueStream().map(i -> i.at("/metadata/namespace").asString() + "/"
                + i.at("/metadata/name").asString())).containsExactly("a/x", "a/y");
        String token = first.at("/metadata/continue").asString();
        assertThat(first.at("/metadata/remainingItemCount").asInt()).isEqualTo(1);
        assertThat(pages.snapshots()).isEqualTo(1);

        assertThat(pages.page("/api/v1/configmaps?limit=2&continue=" + token.replaceAll(":\\d+$", ":x"),
                path -> null).code()).as("a token that is not ours").isEqualTo(410);
        clock.advance(ListPages.KEPT_FOR.plusSeconds(1));
        MockResponse late = pages.page("/api/v1/configmaps?limit=2&continue=" + token, path -> {
            throw new AssertionError("a continued list is cut from its snapshot, never listed again");
        });

        assertThat(late.code()).isEqualTo(410);
        assertThat(body(late).get("reason").asString()).isEqualTo("Expired");
        assertThat(pages.snapshots()).isZero();
        assertThat(pages.page("/api/v1/configmaps?watch=true&limit=2", path -> null)).as("a watch").isNull();
        assertThat(pages.page("/api/v1/configmaps", path -> null)).as("no limit").isNull();
    }

    private static JsonNode body(MockResponse response) {
        return JSON.readTree(response.getBody().readUtf8());
    }
}
