package org.annex.assistant.core.match;

import java.math.BigInteger;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Numbers as git-annex reads them: Haskell's {@code reads} for Int and Double (decimal, 0x hex, 0o octal,
 * a leading '-', Double also "Infinity"/"NaN"), and its size parser (a number, then a unit name matched
 * without regard to case, anything after the unit's letters ignored, rounded half to even).
 */
final class Numbers {
    private static final String[][] UNIT_NAMES = {
        {"QB", "quettabyte"}, {"RB", "ronnabyte"}, {"YB", "yottabyte"}, {"ZB", "zettabyte"}, {"EB", "exabyte"},
        {"PB", "petabyte"}, {"TB", "terabyte"}, {"GB", "gigabyte"}, {"MB", "megabyte"}, {"kB", "kilobyte"},
        {"B", "byte"},
        {"YiB", "yobibyte"}, {"ZiB", "zebibyte"}, {"EiB", "exbibyte"}, {"PiB", "pebibyte"}, {"TiB", "tebibyte"},
        {"GiB", "gibibyte"}, {"MiB", "mebibyte"}, {"KiB", "kibibyte"}, {"B", "byte"},
        {"Ybit", "yottabit"}, {"Zbit", "zettabit"}, {"Ebit", "exabit"}, {"Pbit", "petabit"}, {"Tbit", "terabit"},
        {"Gbit", "gigabit"}, {"Mbit", "megabit"}, {"kbit", "kilobit"},
    };
    /** Multipliers of UNIT_NAMES, in the same order (git-annex's dataUnits list; the first match wins). */
    private static final double[] UNIT_BYTES = {
        1e30, 1e27, 1e24, 1e21, 1e18, 1e15, 1e12, 1e9, 1e6, 1e3, 1,
        Math.pow(2, 80), Math.pow(2, 70), Math.pow(2, 60), Math.pow(2, 50), Math.pow(2, 40), Math.pow(2, 30),
        Math.pow(2, 20), Math.pow(2, 10), 1,
        1e24 / 8, 1e21 / 8, 1e18 / 8, 1e15 / 8, 1e12 / 8, 1e9 / 8, 1e6 / 8, 1e3 / 8,
    };

    private Numbers() {
    }

    /** Haskell's {@code readish :: Maybe Int}: the whole text must be the number; wraps to 64 bits as GHC does. */
    static OptionalLong readInt(String s) {
        int i = 0;
        boolean negative = s.startsWith("-");
        if (negative) {
            i++;
        }
        String body = s.substring(i);
        BigInteger value;
        if (body.length() > 2 && body.charAt(0) == '0' && "xXoO".indexOf(body.charAt(1)) >= 0) {
            int radix = Character.toLowerCase(body.charAt(1)) == 'x' ? 16 : 8;
            value = digits(body.substring(2), radix);
        } else {
            value = digits(body, 10);
        }
        if (value == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((negative ? value.negate() : value).longValue());
    }

    private static BigInteger digits(String s, int radix) {
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0 || s.charAt(i) > 'z') {
                return null;
            }
        }
        return new BigInteger(s, radix);
    }

    /** Haskell's {@code readish :: Maybe Double} (the whole text), or null. */
    static Double readDouble(String s) {
        int[] end = new int[1];
        Double d = leadingDouble(s, end);
        return d != null && end[0] == s.length() ? d : null;
    }

    /**
     * git-annex's readSize with its dataUnits: bytes, or empty if it is no size. Sizes beyond a long saturate;
     * NaN reads as a hugely negative number, as GHC rounds it.
     */
    static OptionalLong readSize(String s) {
        int[] end = new int[1];
        Double number = leadingDouble(s, end);
        if (number == null) {
            return OptionalLong.empty();
        }
        int i = end[0];
        int unitEnd = i;
        while (unitEnd < s.length() && Character.isLetter(s.charAt(unitEnd))) {
            unitEnd++;
        }
        String unit = s.substring(i, unitEnd).toLowerCase(Locale.ROOT);
        double multiplier = unit.isEmpty() ? 1 : multiplier(unit);
        if (multiplier < 0) {
            return OptionalLong.empty();
        }
        double bytes = Math.rint(number * multiplier);
        if (Double.isNaN(bytes)) {
            return OptionalLong.of(Long.MIN_VALUE);
        }
        if (bytes >= 0x1p63) {
            return OptionalLong.of(Long.MAX_VALUE);
        }
        return OptionalLong.of(bytes <= -0x1p63 ? Long.MIN_VALUE : (long) bytes);
    }

    /** Bytes per unit, or -1 if git-annex knows no such unit. */
    private static double multiplier(String unit) {
        for (int u = 0; u < UNIT_NAMES.length; u++) {
            String abbrev = UNIT_NAMES[u][0].toLowerCase(Locale.ROOT);
            String name = UNIT_NAMES[u][1];
            if (abbrev.equals(unit) || name.equals(unit) || (name + "s").equals(unit) || abbrev.equals(unit + "b")) {
                return UNIT_BYTES[u];
            }
        }
        return -1;
    }

    /** The longest number Haskell's lexer reads at the start of {@code s}; its end goes to end[0]. */
    private static Double leadingDouble(String s, int[] end) {
        int i = 0;
        boolean negative = s.startsWith("-");
        if (negative) {
            i++;
        }
        double value;
        if (s.startsWith("Infinity", i) || s.startsWith("NaN", i)) {
            int wordEnd = i;
            while (wordEnd < s.length() && (Character.isLetterOrDigit(s.charAt(wordEnd)) || s.charAt(wordEnd) == '_'
                    || s.charAt(wordEnd) == '\'')) {
                wordEnd++;
            }
            String word = s.substring(i, wordEnd);
            if (!word.equals("Infinity") && !word.equals("NaN")) {
                return null;
            }
            value = word.equals("NaN") ? Double.NaN : Double.POSITIVE_INFINITY;
            i = wordEnd;
        } else if (s.length() > i + 2 && s.charAt(i) == '0' && "xXoO".indexOf(s.charAt(i + 1)) >= 0
                && Character.digit(s.charAt(i + 2), radixOf(s.charAt(i + 1))) >= 0) {
            int radix = radixOf(s.charAt(i + 1));
            int j = i + 2;
            while (j < s.length() && s.charAt(j) <= 'z' && Character.digit(s.charAt(j), radix) >= 0) {
                j++;
            }
            value = new BigInteger(s.substring(i + 2, j), radix).doubleValue();
            i = j;
        } else {
            int j = skipDigits(s, i);
            if (j == i) {
                return null;
            }
            if (j + 1 < s.length() && s.charAt(j) == '.' && isDigit(s, j + 1)) {
                j = skipDigits(s, j + 1);
            }
            if (j < s.length() && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                int k = j + 1;
                if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                    k++;
                }
                if (isDigit(s, k)) {
                    j = skipDigits(s, k);
                }
            }
            value = Double.parseDouble(s.substring(i, j));
            i = j;
        }
        end[0] = i;
        return negative ? -value : value;
    }

    private static int radixOf(char c) {
        return Character.toLowerCase(c) == 'x' ? 16 : 8;
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    private static int skipDigits(String s, int i) {
        while (isDigit(s, i)) {
            i++;
        }
        return i;
    }
}
