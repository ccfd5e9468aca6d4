package io.modelcar.console.rollout;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import io.modelcar.console.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.annotation.JsonDeserialize;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/kserve/controller/restarts}: start a controller restart (202 + Location) and follow it.
 */
@RestController
@RequestMapping("/api/v1/kserve/controller/restarts")
@Tag(name = "KServe controller", description = "Restart the KServe controller so that it reads a changed "
        + "configuration, and follow the rollout")
class ControllerRestartApiController {

    static final String PATH = "/api/v1/kserve/controller/restarts";

    private final ControllerRestartService restarts;

    ControllerRestartApiController(ControllerRestartService restarts) {
        this.restarts = restarts;
    }

    /** Optional body of a restart request; {@code strategy} is a JSON string or null, never coerced. */
    record RestartRequest(@JsonDeserialize(using = StrictJson.Text.class) String strategy) {
    }

    @PostMapping
    @Operation(summary = "Restart the KServe controller",
            description = "Starts a restart (strategy rollout or delete-pods, from the query, the body or "
                    + "console.rollout.strategy) and answers 202 with the restart and its Location to follow. One "
                    + "restart at a time: while one runs, another is refused with 409.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Started; follow "
            + "the Location")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "A restart is "
            + "already running")
    ResponseEntity<RestartView> start(@RequestBody(required = false) RestartRequest body,
            @RequestParam(name = "strategy", required = false) String strategy, Principal user) {
        String chosen = strategy != null ? strategy : body == null ? null : body.strategy();
        RestartView started = restarts.start(user.getName(), chosen);
        return ResponseEntity.accepted().location(URI.create(PATH + "/" + started.id())).body(started);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One controller restart", description = "The restart's state, progress and steps, as "
            + "recorded in the cluster (any replica answers).")
    RestartView get(@PathVariable String id) {
        return restarts.get(id);
    }

    /** The recent restarts, newest first (an extension of api.md). */
    @GetMapping
    @Operation(summary = "Recent controller restarts", description = "The recent restarts, newest first.")
    List<RestartView> recent() {
        return restarts.recent();
    }
}
