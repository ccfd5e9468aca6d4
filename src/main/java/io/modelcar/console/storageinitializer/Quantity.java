package io.modelcar.console.storageinitializer;

import java.util.Set;

/**
 * Kubernetes resource quantities as {@code resource.ParseQuantity} (k8s.io/apimachinery) accepts them:
 * an optionally signed decimal number followed by a binary-SI suffix ({@code Ki..Ei}), a decimal-SI suffix
 * ({@code n u m "" k M G T P E}) or a decimal exponent ({@code e3}, {@code E-2}). No spaces anywhere.
 */
final class Quantity {

    private static final Set<String> SUFFIXES = Set.of("", "n", "u", "m", "k", "M", "G", "T", "P", "E",
            "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
    private static final String SUFFIX_CHARACTERS = "eEinumkKMGTP";

    private Quantity() {
    }

    /** Whether Kubernetes would parse the text as a quantity. */
    static boolean isValid(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        // Mirrors parseQuantityString: sign, digits, optional fraction, then a suffix.
        int pos = 0;
        int end = text.length();
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            pos++;
        }
        while (pos < end && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < end && text.charAt(pos) == '.') {
            pos++;
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        int suffixStart = pos;
        while (pos < end && SUFFIX_CHARACTERS.indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            pos++;
        }
        while (pos < end && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < end) {
            return false;
        }
        return isSuffix(text.substring(suffixStart));
    }

    private static boolean isSuffix(String suffix) {
        if (SUFFIXES.contains(suffix)) {
            return true;
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            try {
                Long.parseLong(suffix.substring(1));
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
