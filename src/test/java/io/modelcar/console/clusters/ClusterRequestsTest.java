package io.modelcar.console.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which paths address a cluster, and what they are without the prefix. */
class ClusterRequestsTest {

    @Test
    void whenAnApiPathNamesAClusterThenItsRestIsTodaysApiPath() {
        ClusterRequests.Route route = ClusterRequests.Route.of("/api/v1/clusters/staging/storage-initializer/history");

        assertThat(route).isEqualTo(new ClusterRequests.Route("staging", "/api/v1/storage-initializer/history", true));
    }

    @Test
    void whenAPagePathNamesAClusterThenItsRestIsTodaysPage() {
        assertThat(ClusterRequests.Route.of("/clusters/production/configuration"))
                .isEqualTo(new ClusterRequests.Route("production", "/configuration", false));
        assertThat(ClusterRequests.Route.of("/clusters/production"))
                .isEqualTo(new ClusterRequests.Route("production", "/", false));
        assertThat(ClusterRequests.Route.of("/clusters/production/"))
                .isEqualTo(new ClusterRequests.Route("production", "/", false));
    }

    @Test
    void whenAPathIsTheClusterListOrNotAClusterPathThenNoRoute() {
        assertThat(ClusterRequests.Route.of("/api/v1/clusters")).isNull();
        assertThat(ClusterRequests.Route.of("/api/v1/clusters/staging")).isNull();
        assertThat(ClusterRequests.Route.of("/api/v1/clusters/staging/")).isNull();
        assertThat(ClusterRequests.Route.of("/api/v1/storage-initializer")).isNull();
        assertThat(ClusterRequests.Route.of("/clusters/")).isNull();
        assertThat(ClusterRequests.Route.of("/fleet")).isNull();
    }
}
