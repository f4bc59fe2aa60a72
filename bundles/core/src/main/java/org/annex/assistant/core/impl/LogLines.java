package org.annex.assistant.core.impl;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parsing and writing of git-annex branch log files. Logs come from other repositories, so a malformed
 * line is skipped with a warning and never stops a reader; for every uuid (or setting) the line with
 * the newest timestamp wins, older duplicates being normal after union merges.
 */
final class LogLines {
    private static final Logger LOG = LoggerFactory.getLogger(LogLines.class);
    /** uuids become directory names (transfer info files), so only safe characters are accepted. */
    static final Pattern UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,99}");
    private static final String TS_FIELD = " timestamp=";

    private LogLines() {
    }

    /** One winning line: what it is about (uuid, setting or group), its value and timestamp. */
    static final class Entry {
        final String subject;
        final String value;
        final BigDecimal timestamp;

        Entry(String subject, String value, BigDecimal timestamp) {
            this.subject = subject;
            this.value = value;
            this.timestamp = timestamp;
        }
    }

    static List<String> lines(byte[] content) {
        List<String> out = new ArrayList<>();
        String text = new String(content, StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            if (end > start) {
                out.add(text.substring(start, end));
            }
            start = end + 1;
        }
        return out;
    }

    /** {@code <uuid> <value...> timestamp=<ts>} logs: uuid.log, remote.log, trust.log, group.log, ... */
    static Map<String, Entry> uuidLog(byte[] content, String file) {
        Map<String, Entry> newest = new TreeMap<>();
        for (String line : lines(content)) {
            int sp = line.indexOf(' ');
            String uuid = sp < 0 ? line : line.substring(0, sp);
            if (!UUID.matcher(uuid).matches()) {
                warn(file, line, "bad uuid");
                continue;
            }
            String rest = sp < 0 ? "" : line.substring(sp + 1);
            BigDecimal ts = Timestamps.ZERO;
            int t = (" " + rest).lastIndexOf(TS_FIELD);
            if (t >= 0) {
                try {
                    ts = Timestamps.parse((" " + rest).substring(t + TS_FIELD.length()));
                } catch (IllegalArgumentException e) {
                    warn(file, line, e.getMessage());
                    continue;
                }
                rest = t == 0 ? "" : rest.substring(0, t - 1);
            }
            keepNewest(newest, new Entry(uuid, rest, ts));
        }
        return newest;
    }

    /**
     * {@code <ts> <subject> <value...>} logs (config.log, group-preferred-content.log) or, with
     * {@code subjectless}, {@code <ts> <value>} (numcopies.log, mincopies.log; the subject is then "").
     */
    static Map<String, Entry> timestampFirstLog(byte[] content, String file, boolean subjectless) {
        Map<String, Entry> newest = new TreeMap<>();
        for (String line : lines(content)) {
            int sp = line.indexOf(' ');
            if (sp < 0) {
                warn(file, line, "no value");
                continue;
            }
            BigDecimal ts;
            try {
                ts = Timestamps.parse(line.substring(0, sp));
            } catch (IllegalArgumentException e) {
                warn(file, line, e.getMessage());
                continue;
            }
            String rest = line.substring(sp + 1);
            if (subjectless) {
                keepNewest(newest, new Entry("", rest, ts));
            } else {
                int sp2 = rest.indexOf(' ');
                String subject = sp2 < 0 ? rest : rest.substring(0, sp2);
                if (subject.isEmpty()) {
                    warn(file, line, "no setting name");
                    continue;
                }
                keepNewest(newest, new Entry(subject, sp2 < 0 ? "" : rest.substring(sp2 + 1), ts));
            }
        }
        return newest;
    }

    /** Location log {@code <ts> <1|0|X> <uuid>}: entries keyed by uuid, value "1" when present. */
    static Map<String, Entry> locationLog(byte[] content, String file) {
        Map<String, Entry> newest = new TreeMap<>();
        for (String line : lines(content)) {
            String[] f = line.split(" ", -1);
            if (f.length != 3 || !(f[1].equals("1") || f[1].equals("0") || f[1].equals("X"))
                    || !UUID.matcher(f[2]).matches()) {
                warn(file, line, "not '<timestamp> <1|0|X> <uuid>'");
                continue;
            }
            try {
                keepNewest(newest, new Entry(f[2], f[1], Timestamps.parse(f[0])));
            } catch (IllegalArgumentException e) {
                warn(file, line, e.getMessage());
            }
        }
        return newest;
    }

    private static void keepNewest(Map<String, Entry> newest, Entry e) {
        Entry old = newest.get(e.subject);
        if (old == null || e.timestamp.compareTo(old.timestamp) >= 0) {
            newest.put(e.subject, e);
        }
    }

    static void warn(String file, String line, String why) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        LOG.warn("skipping malformed line in {} ({}): {}", file, why, shown.replaceAll("\\p{Cntrl}", "?"));
    }

    static String formatUuidLog(Collection<Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.subject).append(' ');
            if (!e.value.isEmpty()) {
                b.append(e.value).append(' ');
            }
            b.append("timestamp=").append(e.timestamp.toPlainString()).append("s\n");
        }
        return b.toString();
    }

    static String formatTimestampFirstLog(Collection<Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.timestamp.toPlainString()).append("s ");
            if (!e.subject.isEmpty()) {
                b.append(e.subject).append(' ');
            }
            b.append(e.value).append('\n');
        }
        return b.toString();
    }

    static String formatLocationLog(Collection<Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.timestamp.toPlainString()).append("s ").append(e.value).append(' ').append(e.subject).append('\n');
        }
        return b.toString();
    }
}
