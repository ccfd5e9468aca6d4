package io.modelcar.console.storageinitializer;

import java.math.BigDecimal;
import java.util.Map;
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

    private static final Map<String, BigDecimal> MULTIPLIERS = Map.ofEntries(Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")), Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)), Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)), Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    /** The quantity's value in base units (cores, bytes), for a text {@link #isValid} accepts. */
    static BigDecimal value(String text) {
        int end = 0;
        while (end < text.length() && "+-.0123456789".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        String number = text.substring(0, end);
        String suffix = text.substring(end);
        BigDecimal base = number.isEmpty() || number.equals("+") || number.equals("-") || number.equals(".")
                ? BigDecimal.ZERO : new BigDecimal(number.endsWith(".") ? number + "0" : number);
        BigDecimal multiplier = MULTIPLIERS.get(suffix);
        if (multiplier == null) {
            return base.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        return base.multiply(multiplier);
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
