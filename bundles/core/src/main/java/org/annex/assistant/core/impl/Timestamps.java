package org.annex.assistant.core.impl;

import java.math.BigDecimal;
import java.time.Instant;

/** git-annex log timestamps: POSIX seconds with an optional fraction and an {@code s} suffix. */
public final class Timestamps {
    /** Lines without a timestamp (older git-annex) count as the oldest possible. */
    static final BigDecimal ZERO = BigDecimal.ZERO;

    private Timestamps() {
    }

    /** Parses {@code 1795594686.98718528s}; throws IllegalArgumentException when it is not one. */
    public static BigDecimal parse(String text) {
        if (text.length() < 2 || text.length() > 40 || !text.endsWith("s")) {
            throw new IllegalArgumentException("not a timestamp: " + text);
        }
        String digits = text.substring(0, text.length() - 1);
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot);
        String fraction = dot < 0 ? "" : digits.substring(dot + 1);
        if (whole.isEmpty() || !allDigits(whole) || !allDigits(fraction) || (dot >= 0 && fraction.isEmpty())) {
            throw new IllegalArgumentException("not a timestamp: " + text);
        }
        return new BigDecimal(digits);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The current time as git-annex writes it: nanoseconds with trailing zeros dropped. */
    public static String now() {
        return format(Instant.now());
    }

    public static String format(Instant t) {
        if (t.getNano() == 0) {
            return t.getEpochSecond() + "s";
        }
        String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return t.getEpochSecond() + "." + nanos + "s";
    }
}
