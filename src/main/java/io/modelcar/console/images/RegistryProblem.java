package io.modelcar.console.images;

import java.net.URI;

import io.modelcar.console.web.ProblemException;
import io.modelcar.console.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * What went wrong talking to a registry, or with what the user asked of it. The detail names the registry and the
 * repository, never credentials, tokens or the registry's response body.
 */
class RegistryProblem extends ProblemException {

    static final URI UNREACHABLE = ProblemTypes.of("registry-unreachable");
    static final URI UNAUTHORIZED = ProblemTypes.of("registry-unauthorized");
    static final URI IMAGE_NOT_FOUND = ProblemTypes.of("image-not-found");
    static final URI REGISTRY_ERROR = ProblemTypes.of("registry-error");
    static final URI INVALID_REFERENCE = ProblemTypes.of("invalid-image-reference");
    static final URI NO_REGISTRY = ProblemTypes.of("registry-not-configured");

    RegistryProblem(HttpStatus status, URI type, String title, String detail) {
        super(status, type, title, detail);
    }

    static RegistryProblem unreachable(String registry) {
        return new RegistryProblem(HttpStatus.BAD_GATEWAY, UNREACHABLE, "Registry unreachable",
                "The registry " + registry + " did not answer (connection refused, timed out or TLS failed).");
    }

    static RegistryProblem unauthorized(String registry, String repository, boolean hadCredentials) {
        return new RegistryProblem(HttpStatus.BAD_GATEWAY, UNAUTHORIZED, "Registry refused the credentials",
                hadCredentials ? "The registry " + registry + " refused the credentials for " + repository
                        + ". Check the user and password (or the pull secret)."
                        : "The registry " + registry + " requires credentials for " + repository
                                + ". Configure them or name a pull secret.");
    }

    static RegistryProblem notFound(ImageName name) {
        return new RegistryProblem(HttpStatus.NOT_FOUND, IMAGE_NOT_FOUND, "Image not found",
                "The registry " + name.registry() + " has no manifest for " + name.repository() + ":"
                        + name.effectiveTag() + ".");
    }

    static RegistryProblem error(String registry, int status) {
        return new RegistryProblem(HttpStatus.BAD_GATEWAY, REGISTRY_ERROR, "Registry error",
                "The registry " + registry + " answered HTTP " + status + ".");
    }

    static RegistryProblem answerTooLarge(String registry, int maxBytes) {
        return new RegistryProblem(HttpStatus.BAD_GATEWAY, REGISTRY_ERROR, "Registry error",
                "The registry " + registry + " answered with more than " + maxBytes + " bytes; the console stopped "
                        + "reading.");
    }

    static RegistryProblem pushRefused(String registry, String repository) {
        return new RegistryProblem(HttpStatus.BAD_GATEWAY, REGISTRY_ERROR, "Registry error",
                "The registry " + registry + " refused the push to " + repository + ".");
    }

    static RegistryProblem invalidReference(String message) {
        return new RegistryProblem(HttpStatus.BAD_REQUEST, INVALID_REFERENCE, "Invalid image reference", message);
    }

    static RegistryProblem noRegistry() {
        return new RegistryProblem(HttpStatus.BAD_REQUEST, NO_REGISTRY, "No registry",
                "No registry given and none configured (console.images.registry.url).");
    }
}
