package org.annex.assistant.core.impl;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.annex.assistant.core.impl.branch.AnnexBranch;

/**
 * annex-assistant's own logs in the git-annex branch, {@code annex-assistant/LOG.log}, in the format of
 * git-annex's uuid-based logs (one newest line per repository, union-merged like every branch file). The
 * folder name keeps them apart from every file git-annex reads: {@code git annex fsck}, {@code sync} and
 * {@code map} carry them along untouched (checked against git-annex in AssistantLogsTest).
 */
final class AssistantLogs {
    static final String FOLDER = "annex-assistant/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private AssistantLogs() {
    }

    static String path(String log) {
        if (log == null || !NAME.matcher(log).matches()) {
            throw new IllegalArgumentException("an annex-assistant log is named by a lower-case word, not '" + log + "'");
        }
        return FOLDER + log + ".log";
    }

    static Map<String, String> read(AnnexBranch branch, String log) throws IOException {
        String path = path(log);
        byte[] content = branch.read(path);
        Map<String, String> values = new LinkedHashMap<>();
        if (content != null) {
            LogLines.uuidLog(content, path).forEach((uuid, entry) -> values.put(uuid, entry.value));
        }
        return values;
    }

    static void write(AnnexBranch branch, String uuid, String log, String value) throws IOException {
        LogWriter.setUuidValue(branch, path(log), uuid, value);
    }
}
