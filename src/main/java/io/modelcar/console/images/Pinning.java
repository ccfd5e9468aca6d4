package io.modelcar.console.images;

import java.util.regex.Pattern;

/**
 * Pure rules for pinning a storage URI to a digest, and the {@code kubectl patch} that does it.
 */
final class Pinning {

    private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z0-9_]+(\\[\\d+])?(\\.[A-Za-z0-9_]+(\\[\\d+])?)*");

    private Pinning() {
    }

    /**
     * The URI with the digest: the name spelled as the user wrote it (scheme kept), a tag other than
     * {@code latest} kept beside the digest, and {@code latest} (or no tag) dropped so that Kubernetes pulls
     * {@code IfNotPresent} (kserve-facts 4: a {@code latest} tag means {@code Always} even with a digest).
     */
    static String pinnedUri(String original, ImageName parsed, String digest) {
        String text = original.strip();
        String scheme = "";
        int sep = text.indexOf("://");
        if (sep >= 0) {
            scheme = text.substring(0, sep + 3);
            text = text.substring(sep + 3);
        }
        int at = text.indexOf('@');
        if (at >= 0) {
            text = text.substring(0, at);
        }
        int slash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':');
        if (colon > slash) {
            text = text.substring(0, colon);
        }
        String tag = parsed.tag();
        boolean keepTag = tag != null && !tag.equals("latest");
        return (scheme.isEmpty() ? "oci://" : scheme) + text + (keepTag ? ":" + tag : "") + "@" + digest;
    }

    /**
     * A JSON patch command that replaces the URI at a field path such as {@code spec.predictor.model.storageUri} or
     * {@code spec.predictor.storageUris[0].uri}, guarded by a {@code test} of the current value so that it changes
     * nothing if someone changed the URI meanwhile.
     */
    static String kubectlPatch(String namespace, String name, String fieldPath, String currentUri, String pinnedUri) {
        if (!K8S_NAME.matcher(namespace).matches() || !K8S_NAME.matcher(name).matches()
                || !FIELD_PATH.matcher(fieldPath).matches() || currentUri.contains("'") || pinnedUri.contains("'")) {
            throw new IllegalArgumentException("Not a usable InferenceService location");
        }
        String pointer = "/" + fieldPath.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        return "kubectl patch inferenceservice " + name + " -n " + namespace + " --type json -p '["
                + "{\"op\":\"test\",\"path\":\"" + pointer + "\",\"value\":\"" + currentUri + "\"},"
                + "{\"op\":\"replace\",\"path\":\"" + pointer + "\",\"value\":\"" + pinnedUri + "\"}]'";
    }
}
