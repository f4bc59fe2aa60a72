package org.annex.assistant.watcher.impl.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads /proc files. {@link Files#readString(Path)} sizes its buffer from the file size, which procfs reports
 * as 0, and on JDK 17 returned only the first byte of /proc/sys/fs/inotify/max_user_watches ("1" for 192536).
 */
public final class ProcFiles {
    private ProcFiles() {
    }

    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }
}
