package io.modelcar.console.storageinitializer;

import java.math.BigDecimal;
import java.math.RoundingMode;
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

    /** The largest magnitude of a binary-suffixed quantity (Ki..Ei): Kubernetes caps one above it at 2^63-1. */
    static final BigDecimal LARGEST = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Kubernetes rounds a quantity up (away from 0) to a whole number of nano units (1n). */
    private static final int NANO_SCALE = 9;
    /**
     * How far from the units an {@code e} exponent may put a quantity's leading digit. Kubernetes accepts any
     * exponent that fits 32 bits (it keeps only those: {@code 1e4294967297} reads as 10), but its arithmetic grows
     * with the exponent (k8s.io/apimachinery v0.34.5, parse and one comparison, as the API server does a pod's
     * request with its limit: 2 ms at {@code 1e100000}, 61 ms at {@code 1e1000000}; {@code 1e99999999999}, read as
     * {@code 1e1215752191}, and {@code 1e-2147483648} never finish). KServe accepts them all, and then every model
     * pod's admission stalls: further than this, the console refuses.
     */
    static final long FARTHEST_DIGIT = 100_000;

    /** Whether Kubernetes can work with the number a text {@link #isValid} accepts. */
    enum Range {
        /** Read as {@link #value} says. */
        HELD,
        /** An exponent so far from the units that Kubernetes' arithmetic on it stalls ({@link #FARTHEST_DIGIT}). */
        OUT_OF_REACH
    }

    /** Where a text {@link #isValid} accepts falls; never computes a huge number. */
    static Range range(String text) {
        Parts parts = Parts.of(text);
        if (parts.multiplier() != null) {
            return Range.HELD;
        }
        BigDecimal base = parts.base();
        // the position of the leading digit, in long arithmetic (the exponent as Kubernetes keeps it: 32 bits)
        long leadingDigit = parts.exponent() + (base.signum() == 0 ? 0 : (long) base.precision() - base.scale() - 1);
        return Math.abs(leadingDigit) > FARTHEST_DIGIT ? Range.OUT_OF_REACH : Range.HELD;
    }

    /**
     * The quantity's value in base units (cores, bytes) as Kubernetes reads it, for a text {@link #isValid} accepts
     * and {@link #range} finds {@link Range#HELD held}: the {@code e} exponent cut to 32 bits, a binary-suffixed
     * value above 2^63-1 capped there, and anything finer than 1n rounded up to it (all measured on
     * k8s.io/apimachinery v0.34.5: {@code 8Ei} is 9223372036854775807, {@code 1e19} stays, {@code 0.1n} is 1n).
     */
    static BigDecimal value(String text) {
        if (range(text) != Range.HELD) {
            throw new IllegalArgumentException("Not a quantity Kubernetes can work with: " + text);
        }
        Parts parts = Parts.of(text);
        BigDecimal value = parts.multiplier() != null ? parts.base().multiply(parts.multiplier())
                : parts.base().scaleByPowerOfTen(parts.exponent());
        if (parts.binary() && value.abs().compareTo(LARGEST) > 0) {
            value = value.signum() < 0 ? LARGEST.negate() : LARGEST;
        }
        return value.scale() > NANO_SCALE ? value.setScale(NANO_SCALE, RoundingMode.UP) : value;
    }

    /**
     * The number written and its suffix: a multiplier ({@code Mi}, {@code m}; {@code binary} for Ki..Ei) or a
     * decimal exponent ({@code e3}), cut to 32 bits as Kubernetes' {@code interpret} does ({@code int32(parsed)}).
     */
    private record Parts(BigDecimal base, BigDecimal multiplier, boolean binary, int exponent) {

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
                return new Parts(base, multiplier, suffix.endsWith("i"), 0);
            }
            // isSuffix accepted it: e or E and a signed decimal that fits a long (interpret's ParseInt(…, 10, 64))
            return new Parts(base, null, false, (int) Long.parseLong(suffix.substring(1)));
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
