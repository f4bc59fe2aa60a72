package org.annex.assistant.ratecontrol.impl.limits;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rates written as git-annex writes {@code annex.bwlimit}: a size in git-annex's units, optionally per
 * second ({@code "1MiB"}, {@code "10MiB/s"}, {@code "500 kB/s"}, {@code "2.5 megabytes"}); decimal units
 * (kB, MB, GB, TB) are powers of 1000, binary ones (KiB, MiB, GiB, TiB) of 1024, case does not matter, a
 * bare number is bytes. Empty, {@code 0} and {@code unlimited} mean no limit.
 */
public final class Bandwidth {
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)\\s*(?:/\\s*s(?:ec(?:ond)?)?)?");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L), Map.entry("byte", 1L), Map.entry("bytes", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("kilobyte", 1000L), Map.entry("kilobytes", 1000L),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("megabyte", 1000_000L), Map.entry("megabytes", 1000_000L),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gigabyte", 1000_000_000L), Map.entry("gigabytes", 1000_000_000L),
            Map.entry("tb", 1000_000_000_000L), Map.entry("terabyte", 1000_000_000_000L), Map.entry("terabytes", 1000_000_000_000L),
            Map.entry("kib", 1L << 10), Map.entry("kibibyte", 1L << 10), Map.entry("kibibytes", 1L << 10),
            Map.entry("mib", 1L << 20), Map.entry("mebibyte", 1L << 20), Map.entry("mebibytes", 1L << 20),
            Map.entry("gib", 1L << 30), Map.entry("gibibyte", 1L << 30), Map.entry("gibibytes", 1L << 30),
            Map.entry("tib", 1L << 40), Map.entry("tebibyte", 1L << 40), Map.entry("tebibytes", 1L << 40));

    private Bandwidth() {
    }

    /**
     * Bytes per second, 0 = unlimited.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("unlimited")) {
            return 0;
        }
        Matcher m = RATE.matcher(t);
        Long unit = m.matches() ? UNITS.get(m.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write it as git-annex's annex.bwlimit, "
                    + "e.g. 10MiB/s, 500kB/s or 0 for unlimited");
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }

    /** The rate as a person reads it: {@code 10MiB/s}, {@code 1.5MiB/s}, {@code unlimited}. */
    public static String format(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return "unlimited";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytesPerSecond;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        String n = v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
        return n + units[i] + "/s";
    }
}
