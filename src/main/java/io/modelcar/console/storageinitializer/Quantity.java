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

    /** The largest magnitude a quantity holds: 2^63-1 (quantity.go: "no quantity may represent a number greater"). */
    static final BigDecimal LARGEST = BigDecimal.valueOf(Long.MAX_VALUE);
    /** The smallest magnitude above 0 a quantity holds, 1n: quantity.go rounds anything smaller up to it. */
    static final BigDecimal SMALLEST = new BigDecimal("1e-9");
    /** The exponents of Kubernetes' own suffixes, n (-9) to E (18): a zero may be written with one of these. */
    private static final int ZERO_EXPONENT_MIN = -9;
    private static final int ZERO_EXPONENT_MAX = 18;

    /**
     * Whether Kubernetes holds the number a text {@link #isValid} accepts as it is written. It does not past its
     * range, and the cost of its arithmetic grows with an {@code e} exponent (measured on k8s.io/apimachinery
     * v0.34.5): it keeps only 32 bits of the exponent ({@code 1e4294967297} reads as 10), {@code ParseQuantity}
     * does not finish on {@code 1e-2147483648}, and comparing {@code 1e99999999999} or {@code 0e99999999999} with
     * another quantity (as the API server does a pod's request with its limit) does not finish either.
     */
    enum Range {
        /** Held as written: 0 (with a suffix's exponent at most), or a magnitude from 1n to 2^63-1. */
        HELD,
        /** Above 2^63-1 in magnitude. */
        TOO_LARGE,
        /** Above 0 but below 1n in magnitude. */
        TOO_SMALL,
        /** 0 written with an exponent outside -9..18. */
        ZERO_WITH_A_FAR_EXPONENT
    }

    /** Where a text {@link #isValid} accepts falls against Kubernetes' range; never computes a huge number. */
    static Range range(String text) {
        Parts parts = Parts.of(text);
        BigDecimal base = parts.base();
        if (base.signum() == 0) {
            return parts.exponent() < ZERO_EXPONENT_MIN || parts.exponent() > ZERO_EXPONENT_MAX
                    ? Range.ZERO_WITH_A_FAR_EXPONENT : Range.HELD;
        }
        if (parts.multiplier() == null) {
            // the position of the leading digit, in long arithmetic: an exponent of any size cannot overflow it
            long leadingDigit = (long) base.precision() - base.scale() - 1 + parts.exponent();
            if (leadingDigit > 18) {
                return Range.TOO_LARGE;
            }
            if (leadingDigit < -9) {
                return Range.TOO_SMALL;
            }
        }
        BigDecimal magnitude = exact(parts).abs();
        if (magnitude.compareTo(LARGEST) > 0) {
            return Range.TOO_LARGE;
        }
        return magnitude.compareTo(SMALLEST) < 0 ? Range.TOO_SMALL : Range.HELD;
    }

    /**
     * The quantity's value in base units (cores, bytes), for a text {@link #isValid} accepts and {@link #range}
     * finds {@link Range#HELD held}: outside the range the number may not even be computable.
     */
    static BigDecimal value(String text) {
        if (range(text) != Range.HELD) {
            throw new IllegalArgumentException("Not a quantity Kubernetes holds: " + text);
        }
        return exact(Parts.of(text));
    }

    private static BigDecimal exact(Parts parts) {
        return parts.multiplier() != null ? parts.base().multiply(parts.multiplier())
                : parts.base().scaleByPowerOfTen((int) parts.exponent());
    }

    /** The number written and its suffix: a multiplier ({@code Mi}, {@code m}) or a decimal exponent ({@code e3}). */
    private record Parts(BigDecimal base, BigDecimal multiplier, long exponent) {

        static Parts of(String text) {
            int end = 0;
            while (end < text.length() && "+-.0123456789".indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            String number = text.substring(0, end);
            String suffix = text.substring(end);
            BigDecimal base = number.isEmpty() || number.equals("+") || number.equals("-") || number.equals(".")
                    ? BigDecimal.ZERO : new BigDecimal(number.endsWith(".") ? number + "0" : number);
            BigDecimal multiplier = MULTIPLIERS.get(suffix);
            if (multiplier != null) {
                return new Parts(base, multiplier, 0);
            }
            // isSuffix accepted it: e or E and a signed decimal that fits a long, as interpret's ParseInt(…, 64)
            return new Parts(base, null, Long.parseLong(suffix.substring(1)));
        }
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
