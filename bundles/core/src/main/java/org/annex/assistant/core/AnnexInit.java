package org.annex.assistant.core;

import java.io.IOException;
import java.nio.file.Path;

import org.annex.assistant.core.impl.LocalAnnexRepository;

/** Initialises a git-annex repository without OSGi (the launcher does this for ~/annex before Felix starts). */
public final class AnnexInit {
    private AnnexInit() {
    }

    /**
     * Makes {@code workTree} a git-annex (v10) repository, creating the directory and the git repository
     * if needed; does nothing to one that already is. Returns its uuid.
     *
     * @param description shown by {@code git annex info}; null for git-annex's default user@host:path
     * @throws IOException saying why when the path cannot be made a git repository
     */
    public static String initialise(Path workTree, String description) throws IOException {
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(workTree, description)) {
            return repo.uuid();
        }
    }
}
