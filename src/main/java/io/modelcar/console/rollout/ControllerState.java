package io.modelcar.console.rollout;

import java.util.List;

import io.modelcar.console.kubernetes.ControllerDeployment;
import io.modelcar.console.kubernetes.KServeInstallation;

/**
 * The controller as it is now: the Deployment (null when not found) and its pods.
 */
public record ControllerState(KServeInstallation installation, ControllerDeployment deployment,
        List<ControllerPod> pods) {
}
