package io.modelcar.console.rollout;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import io.modelcar.console.kubernetes.ControllerDeployment;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * JSON for the pages' scripts (session + CSRF; {@code /api/**} is Basic-only): start a restart, follow it, and the
 * controller's pods. Refusals are Problem Details like on the API. Also used by "Save and restart" on the
 * configuration page ({@code frontend/src/restart-progress.js}).
 */
@RestController
class ControllerPageEndpoints {

    private final ControllerRestartService restarts;

    ControllerPageEndpoints(ControllerRestartService restarts) {
        this.restarts = restarts;
    }

    record RestartRequest(String strategy) {
    }

    record PodsView(ControllerDeployment deployment, List<ControllerPod> pods) {
    }

    @PostMapping("/controller/restarts")
    ResponseEntity<RestartView> start(@RequestBody(required = false) RestartRequest body, Principal user) {
        RestartView started = restarts.start(user.getName(), body == null ? null : body.strategy());
        return ResponseEntity.accepted().location(URI.create("/controller/restarts/" + started.id())).body(started);
    }

    @GetMapping("/controller/restarts/{id}")
    RestartView get(@PathVariable String id) {
        return restarts.get(id);
    }

    @GetMapping("/controller/pods")
    PodsView pods() {
        ControllerState status = restarts.status();
        return new PodsView(status.deployment(), status.pods());
    }
}
