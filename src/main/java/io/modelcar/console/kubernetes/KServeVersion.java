package io.modelcar.console.kubernetes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KServe release version such as {@code v0.20.0}, as read from the controller image tag.
 */
public record KServeVersion(int major, int minor, int patch) implements Comparable<KServeVersion> {

    private static final Pattern TAG = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-+].*)?$");

    public static final KServeVersion V0_12 = new KServeVersion(0, 12, 0);
    public static final KServeVersion V0_13 = new KServeVersion(0, 13, 0);
    public static final KServeVersion V0_16 = new KServeVersion(0, 16, 0);
    public static final KServeVersion V0_17 = new KServeVersion(0, 17, 0);
    public static final KServeVersion V0_20 = new KServeVersion(0, 20, 0);

    /** Parses a version such as {@code v0.20.0} or {@code 0.15.2-rc1}; empty for tags such as {@code latest}. */
    public static Optional<KServeVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Optional.of(new KServeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
    }

    /** The version in a container image reference's tag, e.g. {@code kserve/kserve-controller:v0.20.0}. */
    public static Optional<KServeVersion> fromImage(String image) {
        if (image == null) {
            return Optional.empty();
        }
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        if (colon <= slash) {
            return Optional.empty();
        }
        return parse(withoutDigest.substring(colon + 1));
    }

    public boolean atLeast(KServeVersion other) {
        return compareTo(other) >= 0;
    }

    public boolean before(KServeVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(KServeVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
