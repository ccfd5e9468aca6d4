package io.modelcar.console.fleet;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/clusters} and {@code GET /api/v1/fleet}: the clusters, and the fleet side by side. */
@RestController
@Tag(name = "Fleet", description = "The clusters the console manages, side by side, and promotion between them")
class FleetApiController {

    private final FleetService fleet;

    FleetApiController(FleetService fleet) {
        this.fleet = fleet;
    }

    @GetMapping("/api/v1/clusters")
    @Operation(summary = "The clusters", description = "Every cluster the console manages that the caller may see "
            + "(a role other than none there), the default first: "
            + "environment class, whether its API server answers, its KServe version. Every API path also exists "
            + "per cluster as /api/v1/clusters/{cluster}/...; the unprefixed paths address the default cluster.")
    List<ClusterSummary> clusters() {
        return fleet.summaries();
    }

    @GetMapping("/api/v1/fleet")
    @Operation(summary = "The fleet overview", description = "Per cluster: KServe version, Modelcars on or off, OCI "
            + "mode, controller health, InferenceServices by verdict and warning, the storageInitializer value; and "
            + "the keys of storageInitializer whose values differ between clusters. A cluster that does not answer "
            + "within 5 s is shown as unreachable.")
    FleetOverview fleet() {
        return fleet.overview();
    }
}
