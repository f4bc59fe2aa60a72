package org.annex.assistant.core.impl;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.annex.assistant.core.impl.branch.AnnexBranch;

/**
 * Journals changes to the repository-wide logs, rewriting the whole file with one (newest) line per
 * uuid or setting, as git-annex writers do.
 */
final class LogWriter {
    private LogWriter() {
    }

    /** {@code <uuid> <value> timestamp=<ts>} logs: uuid.log, remote.log, trust.log, group.log, ... */
    static void setUuidValue(AnnexBranch branch, String file, String uuid, String value) throws IOException {
        checkValue(uuid, value);
        branch.journal().locked(() -> {
            byte[] old = branch.read(file);
            Map<String, LogLines.Entry> entries = LogLines.uuidLog(old == null ? new byte[0] : old, file);
            entries.put(uuid, new LogLines.Entry(uuid, value, after(entries.get(uuid))));
            branch.journal().write(file, LogLines.formatUuidLog(entries.values()));
            return null;
        });
    }

    /** {@code <ts> [<subject>] <value>} logs; subject "" for numcopies.log and mincopies.log. */
    static void setTimestampFirst(AnnexBranch branch, String file, String subject, String value) throws IOException {
        checkValue(subject, value);
        branch.journal().locked(() -> {
            byte[] old = branch.read(file);
            Map<String, LogLines.Entry> entries = LogLines.timestampFirstLog(old == null ? new byte[0] : old, file, subject.isEmpty());
            entries.put(subject, new LogLines.Entry(subject, value, after(entries.get(subject))));
            branch.journal().write(file, LogLines.formatTimestampFirstLog(entries.values()));
            return null;
        });
    }

    private static void checkValue(String subject, String value) {
        if (subject.indexOf('\n') >= 0 || subject.indexOf(' ') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("log values are single lines and subjects single words: '"
                    + subject + "' '" + value.replace("\n", "\\n") + "'");
        }
    }

    /** Now, or just after the previous line if the clock is behind it, so the new line always wins. */
    static BigDecimal after(LogLines.Entry previous) {
        BigDecimal now = Timestamps.parse(Timestamps.format(Instant.now()));
        if (previous != null && previous.timestamp.compareTo(now) >= 0) {
            return previous.timestamp.add(new BigDecimal("0.000000001"));
        }
        return now;
    }
}
