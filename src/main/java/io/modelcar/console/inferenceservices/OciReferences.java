package io.modelcar.console.inferenceservices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code oci://} storage URIs to the container-image reference grammar of distribution/reference (the one
 * kubelet and containerd apply to the image KServe derives from the URI), and derives the pull policy Kubernetes
 * defaults to and the warnings an admin should see. KServe itself does not validate the reference: an invalid one
 * only surfaces as {@code InvalidImageName} on the pod.
 */
public final class OciReferences {

    static final String DOCKER_HUB = "docker.io";
    static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String[][] SCHEMES = {
            {"oci://", "oci"}, {"oci+native://", "native"}, {"oci+fetch://", "fetch"}, {"oci+modelcar://", "modelcar"}};

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6 + ")";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern DOMAIN_PATTERN = Pattern.compile(DOMAIN);
    private static final Pattern REMOTE_PATTERN = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    private static final Pattern DIGEST_PATTERN = Pattern.compile(DIGEST);
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");
    private static final java.util.Map<String, Integer> DIGEST_HEX_LENGTHS = java.util.Map.of("sha256", 64,
            "sha384", 96, "sha512", 128);

    private OciReferences() {
    }

    /** True when the URI has one of the OCI schemes KServe recognises (case-sensitive, as KServe's check is). */
    public static boolean isOci(String uri) {
        return scheme(uri) != null;
    }

    /** The parsed reference, or null when the URI is not an OCI URI. */
    public static OciReference parse(String uri) {
        String[] scheme = scheme(uri);
        if (scheme == null) {
            return null;
        }
        String image = uri.substring(scheme[0].length());
        Parts parts = split(image);
        String problem = problem(image, parts);
        boolean valid = problem == null;
        String pullPolicy = pullPolicy(scheme[1], parts, valid);
        List<Warning> warnings = new ArrayList<>();
        if (!valid) {
            warnings.add(new Warning(Warning.INVALID_REFERENCE, "\"" + image + "\" is not a valid image reference: "
                    + problem + ". The pod will fail with InvalidImageName.", null,
                    "Fix the reference: lowercase repository, registry[:port]/repository[:tag][@digest]."));
        }
        if (parts.remote.chars().anyMatch(Character::isUpperCase)) {
            warnings.add(new Warning(Warning.UPPERCASE, "The repository \"" + parts.remote
                    + "\" contains uppercase letters; container runtimes reject it.", null,
                    "Use the repository name in lowercase, as the registry stores it."));
        }
        if (valid && "latest".equals(parts.tag)) {
            warnings.add(scheme[1].equals("native")
                    ? new Warning(Warning.LATEST_TAG, "The tag :latest with oci+native is pulled IfNotPresent: "
                            + "nodes keep serving whatever :latest was when they first pulled it (a stale model).",
                            null, "Pin a version tag or a digest so every node serves the same model.")
                    : new Warning(Warning.LATEST_TAG, parts.digest != null
                            ? "The tag :latest makes Kubernetes pull Always (the digest decides the content, but "
                                    + "every pod start still contacts the registry)."
                            : "The tag :latest is pulled on every pod start (pull policy Always).",
                            null, "Pin a tag or digest: :latest is pulled on every pod start."));
        }
        if (valid && parts.tag == null && parts.digest == null) {
            // oci+native: KServe's image volume is pulled IfNotPresent whatever the reference
            // (ConfigureOciNativeToContainer, pkg/utils/storage.go:692 on v0.20.0)
            warnings.add(new Warning(Warning.UNTAGGED, scheme[1].equals("native")
                    ? "No tag and no digest: the runtime uses :latest, and oci+native pulls it IfNotPresent: nodes "
                            + "keep serving whatever :latest was when they first pulled it (a stale model)."
                    : "No tag and no digest: the runtime uses :latest and pulls it on every pod start (pull "
                            + "policy Always).", null,
                    "Add a version tag (e.g. :1.0) or a digest (@sha256:...)."));
        }
        return new OciReference(scheme[1], image, parts.registry, parts.repository, parts.tag, parts.digest,
                pullPolicy, valid && parts.digest != null, valid, problem, List.copyOf(warnings));
    }

    /**
     * {@code ParseOciScheme} (pkg/utils/storage.go, v0.20): {@code oci://}, or {@code oci+<mode>://} with a
     * non-empty mode ({@code oci+://} is not OCI). Case-sensitive, as KServe's prefix checks are.
     */
    private static String[] scheme(String uri) {
        if (uri == null) {
            return null;
        }
        if (uri.startsWith("oci://")) {
            return SCHEMES[0];
        }
        if (uri.startsWith("oci+")) {
            int sep = uri.indexOf("://", 4);
            if (sep > 4) {
                String mode = uri.substring(4, sep);
                return new String[] {uri.substring(0, sep + 3), mode};
            }
        }
        return null;
    }

    /**
     * Kubernetes' {@code SetDefaults_Container}: {@code Always} only when the parsed tag is {@code latest} (or
     * defaults to it); an unparsable image gets an empty tag and therefore {@code IfNotPresent}. KServe's
     * {@code oci+native} sets IfNotPresent itself.
     */
    private static String pullPolicy(String mode, Parts parts, boolean valid) {
        if ("native".equals(mode) || !valid) {
            return OciReference.IF_NOT_PRESENT;
        }
        String tag = parts.tag == null && parts.digest == null ? "latest" : parts.tag;
        return "latest".equals(tag) ? OciReference.ALWAYS : OciReference.IF_NOT_PRESENT;
    }

    /** A lenient split (always succeeds) following splitDockerDomain; validity is decided separately. */
    private static Parts split(String image) {
        String rest = image;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String domain = DOCKER_HUB;
        String remote = rest;
        boolean explicit = false;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            explicit = first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first);
            if (explicit) {
                domain = first;
                remote = rest.substring(slash + 1);
            }
        }
        if ("index.docker.io".equals(domain)) {
            domain = DOCKER_HUB;
        }
        String repository = DOCKER_HUB.equals(domain) && !remote.contains("/") && !remote.isEmpty()
                ? "library/" + remote : remote;
        return new Parts(domain, remote, emptyToNull(repository), emptyToNull(tag), emptyToNull(digest), explicit);
    }

    private static String problem(String image, Parts parts) {
        if (image.isEmpty()) {
            return "the reference is empty";
        }
        if (HEX64.matcher(image).matches()) {
            return "a 64-character hexadecimal string is ambiguous with an image ID";
        }
        if (parts.remote.isEmpty()) {
            return "the repository name is missing";
        }
        if (!parts.remote.toLowerCase(Locale.ROOT).equals(parts.remote)) {
            return "the repository name must be lowercase";
        }
        // distribution/reference v0.6 Parse matches [domain/]path: a first component that is no host[:port] but
        // a valid path component (reg_1.io) makes the whole name a path without domain, which parses; the runtime
        // then fails to reach that "registry" (ErrImagePull), not to parse it
        boolean hostless = parts.explicitDomain && !DOMAIN_PATTERN.matcher(parts.registry).matches();
        if (hostless && !REMOTE_PATTERN.matcher(parts.registry + "/" + parts.remote).matches()) {
            return "\"" + parts.registry + "\" is not a valid registry host[:port]";
        }
        if (!REMOTE_PATTERN.matcher(parts.remote).matches()) {
            return "the repository \"" + parts.remote + "\" may only contain lowercase letters, digits and the "
                    + "separators . _ __ - between them, in components separated by /";
        }
        // distribution/reference v0.6 Parse: the path after the domain counts, the domain not; after Docker Hub
        // normalisation (ParseNormalizedNamed), so a one-component Docker Hub name counts with its "library/"
        int pathLength = hostless ? parts.registry.length() + 1 + parts.remote.length()
                : parts.repository.length();
        if (pathLength > NAME_TOTAL_LENGTH_MAX) {
            return "the repository path is longer than " + NAME_TOTAL_LENGTH_MAX + " characters";
        }
        if (image.endsWith(":") || (parts.tag == null && image.contains(":") && tagSeparatorEmpty(image))) {
            return "the tag is empty";
        }
        if (parts.tag != null && !TAG_PATTERN.matcher(parts.tag).matches()) {
            return parts.tag.length() > 128 ? "the tag is longer than 128 characters"
                    : "the tag \"" + parts.tag + "\" may only contain letters, digits, _ . and - (not first)";
        }
        if (image.endsWith("@")) {
            return "the digest is empty";
        }
        if (parts.digest != null) {
            return digestProblem(parts.digest);
        }
        return null;
    }

    /**
     * go-digest v1.0.0 {@code Digest.Validate}: only the registered algorithms (sha256, sha384, sha512) with exactly
     * 64, 96 or 128 lowercase hex characters; any other well-formed algorithm is "unsupported".
     */
    private static String digestProblem(String digest) {
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon == digest.length() - 1) {
            return "the digest \"" + digest + "\" is not algorithm:hex";
        }
        String algorithm = digest.substring(0, colon);
        String hex = digest.substring(colon + 1);
        Integer length = DIGEST_HEX_LENGTHS.get(algorithm);
        if (length == null) {
            return DIGEST_PATTERN.matcher(digest).matches()
                    ? "the digest algorithm \"" + algorithm + "\" is not supported (sha256, sha384 or sha512)"
                    : "the digest \"" + digest + "\" is not algorithm:hex";
        }
        if (hex.length() != length) {
            return "a " + algorithm + " digest has " + length + " hex characters, this one has " + hex.length();
        }
        return LOWER_HEX.matcher(hex).matches() ? null : "the digest must be lowercase hex";
    }

    private static boolean tagSeparatorEmpty(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        return withoutDigest.endsWith(":");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private record Parts(String registry, String remote, String repository, String tag, String digest,
            boolean explicitDomain) {
    }
}
