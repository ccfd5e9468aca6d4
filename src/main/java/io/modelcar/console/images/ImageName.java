package io.modelcar.console.images;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container image reference as kubelet reads it (distribution/reference grammar with Docker Hub normalisation),
 * enough to talk to its registry: registry host, repository, tag, digest. Pure Java.
 *
 * @param registry   the registry host[:port], {@code docker.io} for Docker Hub
 * @param repository the repository path, {@code library/x} for official Docker Hub images
 * @param tag        the tag, or null (null and no digest means {@code latest} to kubelet)
 * @param digest     {@code sha256:...}, or null
 */
record ImageName(String registry, String repository, String tag, String digest) {

    static final String DOCKER_HUB = "docker.io";
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z0-9.-]+|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");

    /** Parses a reference, with or without an {@code oci://} (or {@code oci+mode://}) prefix. */
    static ImageName parse(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidImageNameException("The reference is empty.");
        }
        String ref = input.strip();
        if (ref.startsWith("oci://")) {
            ref = ref.substring("oci://".length());
        } else if (ref.startsWith("oci+") && ref.contains("://")) {
            ref = ref.substring(ref.indexOf("://") + 3);
        } else if (ref.contains("://")) {
            throw new InvalidImageNameException("Only oci:// references and plain image references are supported.");
        }
        String digest = null;
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new InvalidImageNameException("The digest '" + digest + "' is not algorithm:hex.");
            }
        }
        String tag = null;
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            tag = ref.substring(colon + 1);
            ref = ref.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidImageNameException("The tag '" + tag + "' is not a valid tag.");
            }
        }
        String registry = DOCKER_HUB;
        String repository = ref;
        int first = ref.indexOf('/');
        if (first > 0) {
            String head = ref.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")
                    || !head.equals(head.toLowerCase(Locale.ROOT))) {
                registry = head;
                repository = ref.substring(first + 1);
                if (!HOST.matcher(registry).matches()) {
                    throw new InvalidImageNameException("The registry '" + registry + "' is not a host name.");
                }
            }
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        validateRepository(repository);
        return new ImageName(registry, repository, tag, digest);
    }

    /** A name for pushing: registry host[:port], repository and a tag (required). */
    static ImageName forPush(String registry, String repository, String tag) {
        if (registry == null || !HOST.matcher(registry).matches()) {
            throw new InvalidImageNameException("The registry must be host[:port].");
        }
        if (repository == null || repository.isBlank()) {
            throw new InvalidImageNameException("The repository is required, e.g. models/iris.");
        }
        validateRepository(repository.strip());
        if (tag == null || !TAG.matcher(tag.strip()).matches()) {
            throw new InvalidImageNameException("The tag is required: letters, digits, '_', '.' and '-', "
                    + "at most 128 characters, not starting with '.' or '-'.");
        }
        return new ImageName(registry, repository.strip(), tag.strip(), null);
    }

    private static void validateRepository(String repository) {
        if (repository.isEmpty() || repository.length() > 255) {
            throw new InvalidImageNameException("The repository must have 1 to 255 characters.");
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidImageNameException("The repository '" + repository + "' must be lowercase "
                        + "path components of [a-z0-9] joined by '.', '_', '__' or '-'.");
            }
        }
    }

    /** The tag kubelet pulls when none is given. */
    String effectiveTag() {
        return tag != null ? tag : digest == null ? "latest" : null;
    }

    /** The host that serves the registry API (Docker Hub's API is not on docker.io). */
    String apiHost() {
        return DOCKER_HUB.equals(registry) ? "registry-1.docker.io" : registry;
    }

    ImageName withDigest(String newDigest) {
        return new ImageName(registry, repository, tag, newDigest);
    }

    /** The full reference: registry/repository[:tag][@digest]. */
    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** Thrown for a reference that kubelet would refuse (InvalidImageName). */
    static final class InvalidImageNameException extends RuntimeException {
        InvalidImageNameException(String message) {
            super(message);
        }
    }
}
