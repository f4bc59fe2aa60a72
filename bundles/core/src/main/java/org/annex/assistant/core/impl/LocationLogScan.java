package org.annex.assistant.core.impl;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The present uuids of location logs, read straight from the bytes for bulk reads of a whole branch.
 * It accepts and rejects exactly the lines {@link LogLines#locationLog} does (newest timestamp per uuid
 * wins, the later line on a tie; malformed lines are skipped with a warning) but makes no String, regex
 * match or BigDecimal per line. uuids and uuid sets are interned: a hundred thousand keys usually share
 * a handful of distinct location sets.
 */
final class LocationLogScan {
    private static final int MAX_UUID = 100;
    private static final int MAX_TIMESTAMP = 40;
    /** Past this many uuids in one log the newest line per uuid is found by hash rather than by scan. */
    private static final int LINEAR_LIMIT = 16;

    private final ConcurrentHashMap<String, String> uuids = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Set<String>, Set<String>> sets = new ConcurrentHashMap<>();

    /** An interned, unmodifiable copy of a uuid set. */
    Set<String> intern(Set<String> set) {
        Set<String> known = sets.get(set);
        if (known != null) {
            return known;
        }
        Set<String> copy = new TreeSet<>();
        for (String u : set) {
            copy.add(uuids.computeIfAbsent(u, x -> x));
        }
        known = sets.putIfAbsent(copy, Collections.unmodifiableSet(copy));
        return known != null ? known : sets.get(copy);
    }

    /** The uuids whose newest line says "1"; {@code path} only names the file in warnings. */
    Set<String> present(byte[] c, String path) {
        Lines lines = new Lines();
        int pos = 0;
        while (pos < c.length) {
            int end = pos;
            while (end < c.length && c[end] != '\n') {
                end++;
            }
            if (end > pos) {
                lines.add(c, pos, end, path);
            }
            pos = end + 1;
        }
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < lines.count; i++) {
            if (lines.value[i] == '1') {
                out.add(lines.uuid[i]);
            }
        }
        return intern(out);
    }

    /** The newest line of each uuid seen so far in one log. */
    private final class Lines {
        String[] uuid = new String[4];
        byte[] value = new byte[4];
        int[] tsStart = new int[4];
        int[] tsEnd = new int[4];
        int count;
        Map<String, Integer> byUuid;

        void add(byte[] c, int start, int end, String path) {
            int sp1 = indexOf(c, start, end, ' ');
            int sp2 = sp1 < 0 ? -1 : indexOf(c, sp1 + 1, end, ' ');
            if (sp2 < 0 || indexOf(c, sp2 + 1, end, ' ') >= 0 || sp2 != sp1 + 2
                    || (c[sp1 + 1] != '1' && c[sp1 + 1] != '0' && c[sp1 + 1] != 'X') || !isUuid(c, sp2 + 1, end)) {
                warn(c, start, end, path, "not '<timestamp> <1|0|X> <uuid>'");
                return;
            }
            if (!isTimestamp(c, start, sp1)) {
                warn(c, start, end, path, "not a timestamp: " + new String(c, start, sp1 - start, StandardCharsets.UTF_8));
                return;
            }
            String u = uuids.computeIfAbsent(new String(c, sp2 + 1, end - sp2 - 1, StandardCharsets.ISO_8859_1), x -> x);
            int i = find(u);
            if (i < 0) {
                grow();
                i = count++;
                uuid[i] = u;
                if (byUuid != null) {
                    byUuid.put(u, i);
                } else if (count > LINEAR_LIMIT) {
                    byUuid = new HashMap<>();
                    for (int j = 0; j < count; j++) {
                        byUuid.put(uuid[j], j);
                    }
                }
            } else if (compareTimestamps(c, start, sp1 - 1, tsStart[i], tsEnd[i]) < 0) {
                return;
            }
            value[i] = c[sp1 + 1];
            tsStart[i] = start;
            tsEnd[i] = sp1 - 1;
        }

        private int find(String u) {
            if (byUuid != null) {
                Integer i = byUuid.get(u);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < count; i++) {
                if (uuid[i].equals(u)) {
                    return i;
                }
            }
            return -1;
        }

        private void grow() {
            if (count == uuid.length) {
                int n = count * 2;
                uuid = java.util.Arrays.copyOf(uuid, n);
                value = java.util.Arrays.copyOf(value, n);
                tsStart = java.util.Arrays.copyOf(tsStart, n);
                tsEnd = java.util.Arrays.copyOf(tsEnd, n);
            }
        }
    }

    private static void warn(byte[] c, int start, int end, String path, String why) {
        LogLines.warn(path, new String(c, start, end - start, StandardCharsets.UTF_8), why);
    }

    private static int indexOf(byte[] c, int from, int end, char ch) {
        for (int i = from; i < end; i++) {
            if (c[i] == ch) {
                return i;
            }
        }
        return -1;
    }

    /** {@link LogLines#UUID}: {@code [A-Za-z0-9][A-Za-z0-9-]{0,99}}. */
    private static boolean isUuid(byte[] c, int start, int end) {
        int n = end - start;
        if (n < 1 || n > MAX_UUID || c[start] == '-') {
            return false;
        }
        for (int i = start; i < end; i++) {
            byte b = c[i];
            if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-')) {
                return false;
            }
        }
        return true;
    }

    /** What {@link Timestamps#parse} accepts: {@code digits[.digits]s}, at most 40 characters. */
    private static boolean isTimestamp(byte[] c, int start, int end) {
        int n = end - start;
        if (n < 2 || n > MAX_TIMESTAMP || c[end - 1] != 's') {
            return false;
        }
        int dot = indexOf(c, start, end - 1, '.');
        int wholeEnd = dot < 0 ? end - 1 : dot;
        return wholeEnd > start && digits(c, start, wholeEnd) && (dot < 0 || (end - 1 > dot + 1 && digits(c, dot + 1, end - 1)));
    }

    private static boolean digits(byte[] c, int start, int end) {
        for (int i = start; i < end; i++) {
            if (c[i] < '0' || c[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** Numeric order of two valid timestamps (without their {@code s}), as BigDecimal would compare them. */
    static int compareTimestamps(byte[] c, int aStart, int aEnd, int bStart, int bEnd) {
        int aDot = dotOrEnd(c, aStart, aEnd);
        int bDot = dotOrEnd(c, bStart, bEnd);
        while (aStart < aDot - 1 && c[aStart] == '0') {
            aStart++;
        }
        while (bStart < bDot - 1 && c[bStart] == '0') {
            bStart++;
        }
        int lengths = (aDot - aStart) - (bDot - bStart);
        if (lengths != 0) {
            return lengths;
        }
        for (int i = 0; aStart + i < aDot; i++) {
            int d = c[aStart + i] - c[bStart + i];
            if (d != 0) {
                return d;
            }
        }
        int af = Math.min(aDot + 1, aEnd);
        int bf = Math.min(bDot + 1, bEnd);
        for (int i = 0; af + i < aEnd || bf + i < bEnd; i++) {
            int da = af + i < aEnd ? c[af + i] : '0';
            int db = bf + i < bEnd ? c[bf + i] : '0';
            if (da != db) {
                return da - db;
            }
        }
        return 0;
    }

    private static int dotOrEnd(byte[] c, int start, int end) {
        int dot = indexOf(c, start, end, '.');
        return dot < 0 ? end : dot;
    }
}
