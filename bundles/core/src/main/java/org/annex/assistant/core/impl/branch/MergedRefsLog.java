package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jgit.lib.ObjectId;

/** {@code .git/annex/mergedrefs}: {@code sha<TAB>ref} per merged ref, as git-annex keeps it. */
final class MergedRefsLog {
    private final Path annexDir;
    private final Path file;

    MergedRefsLog(Path annexDir) {
        this.annexDir = annexDir;
        this.file = annexDir.resolve("mergedrefs");
    }

    /** Records each ref at the commit it was merged at, keeping the other refs' lines; temp file and rename. */
    void record(Map<String, ObjectId> refs) throws IOException {
        if (refs.isEmpty()) {
            return;
        }
        Map<String, String> lines = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = l.indexOf('\t');
                if (tab > 0) {
                    lines.put(l.substring(tab + 1), l.substring(0, tab));
                }
            }
        }
        refs.forEach((name, id) -> lines.put(name, id.name()));
        StringBuilder b = new StringBuilder();
        lines.forEach((name, sha) -> b.append(sha).append('\t').append(name).append('\n'));
        Path tmp = Files.createTempFile(annexDir, "mergedrefs", ".tmp");
        Files.writeString(tmp, b.toString());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
