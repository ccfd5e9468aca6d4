package io.modelcar.console.fleet;

import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/fleet/promotions}: one cluster's storageInitializer to another, diff first (docs/fleet.md). */
@RestController
@Tag(name = "Fleet")
class PromotionApiController {

    private final PromotionService promotions;

    PromotionApiController(PromotionService promotions) {
        this.promotions = promotions;
    }

    @PostMapping(path = "/api/v1/fleet/promotions", consumes = "application/json")
    @Operation(summary = "Promote a configuration to another cluster",
            description = "With dryRun: the target's diff and the targetResourceVersion to send back. Without: "
                    + "writes the source's value (whole, keys, or a toggle's key) on the target, locked to "
                    + "targetResourceVersion, validated for the target's KServe version; a staging target needs "
                    + "its name as confirm, a production target an admin; optionally restarts the target's "
                    + "controller. Recorded in the target's history and both clusters' audit logs.")
    @ApiResponse(responseCode = "200", description = "Promoted, or the dry run's diff")
    @ApiResponse(responseCode = "403", description = "Production target: admins only",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "Unknown cluster",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "412", description = "The target (or source) changed since the diff",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "Invalid for the target's KServe version, or the staging "
            + "confirmation is missing", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "428", description = "targetResourceVersion missing",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "The source or the target cluster is unreachable; nothing was "
            + "written", content = @Content(mediaType = "application/problem+json"))
    Promotion promote(@RequestBody PromotionRequest request, Principal user) {
        return promotions.promote(request, user.getName());
    }
}
