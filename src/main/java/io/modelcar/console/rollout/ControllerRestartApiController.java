package io.modelcar.console.rollout;

import java.net.URI;
import java.security.Principal;
import java.util.List;

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
class ControllerRestartApiController {

    static final String PATH = "/api/v1/kserve/controller/restarts";

    private final ControllerRestartService restarts;

    ControllerRestartApiController(ControllerRestartService restarts) {
        this.restarts = restarts;
    }

    /** Optional body of a restart request. */
    record RestartRequest(String strategy) {
    }

    @PostMapping
    ResponseEntity<RestartView> start(@RequestBody(required = false) RestartRequest body,
            @RequestParam(name = "strategy", required = false) String strategy, Principal user) {
        String chosen = strategy != null ? strategy : body == null ? null : body.strategy();
        RestartView started = restarts.start(user.getName(), chosen);
        return ResponseEntity.accepted().location(URI.create(PATH + "/" + started.id())).body(started);
    }

    @GetMapping("/{id}")
    RestartView get(@PathVariable String id) {
        return restarts.get(id);
    }

    /** The recent restarts, newest first (an extension of api.md). */
    @GetMapping
    List<RestartView> recent() {
        return restarts.recent();
    }
}
