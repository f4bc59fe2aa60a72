package org.annex.assistant.watcher.impl.examine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.AnnexLink;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;

/**
 * Reports annexed files whose content is not here (a symlink or pointer file), once per path and key, as
 * {@link Topics#FILE_CHANGED} with change {@code missing-content}: the transfer side fetches them.
 */
public final class MissingContent {
    private final AnnexRepository annex;
    private final String repository;
    private final EventSink events;
    private final Set<String> reported = new HashSet<>();

    public MissingContent(AnnexRepository annex, Path workTree, EventSink events) {
        this.annex = annex;
        this.repository = workTree.toString();
        this.events = events;
    }

    /** An unchanged file may still lack its annexed content (a symlink or pointer file): report it. */
    public void check(String rel, Path file, PosixFileAttributes a, DirCacheEntry current) throws IOException {
        if (a.isSymbolicLink()) {
            AnnexLink.parse(new String(RawPaths.bytes(Files.readSymbolicLink(file)), StandardCharsets.UTF_8))
                    .ifPresent(k -> reportIfMissing(rel, k));
        } else if (a.size() <= PointerFile.MAX_SIZE && current.getFileMode() != FileMode.GITLINK) {
            PointerFile.parse(Files.readAllBytes(file)).ifPresent(k -> reportIfMissing(rel, k));
        }
    }

    void reportIfMissing(String rel, Key key) {
        if (annex.hasContent(key)) {
            return;
        }
        synchronized (this) {
            if (!reported.add(rel + '\0' + key)) {
                return;
            }
        }
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.REPOSITORY, repository);
        props.put(Topics.PATH, RawPaths.display(rel));
        props.put(Topics.CHANGE, "missing-content");
        props.put(Topics.KEY, key.toString());
        events.post(Topics.FILE_CHANGED, props);
    }
}
