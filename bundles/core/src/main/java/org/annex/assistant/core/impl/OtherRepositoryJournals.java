package org.annex.assistant.core.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.Key;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The git-annex branches of other repositories on local paths that this process writes location logs into
 * (a remote we stored content in). Each is opened once: opening reads refs and pack indexes, far too slow
 * per stored key; the branch tip is re-read from its ref file at every write, so a merge made there by its
 * own daemon or by git-annex is always the base.
 */
public final class OtherRepositoryJournals {
    private static final Map<Path, AnnexBranch> OPEN = new ConcurrentHashMap<>();

    private OtherRepositoryJournals() {
    }

    /** Journals {@code uuid}'s presence of {@code key} in the repository whose git directory is {@code gitDir}. */
    public static void setLocation(Path gitDir, Key key, String uuid, boolean present) throws IOException {
        Locations.set(branchOf(gitDir), key, uuid, present);
    }

    /** Journals that {@code uuid} received {@code key} from {@code sender}, which therefore has it too. */
    public static void setReceived(Path gitDir, Key key, String uuid, String sender) throws IOException {
        Locations.set(branchOf(gitDir), key, uuid, true, Set.of(sender));
    }

    /** The uuids that hold {@code key} according to that repository (journal first, then its branch). */
    public static Set<String> locations(Path gitDir, Key key) throws IOException {
        return Locations.present(branchOf(gitDir), key);
    }

    private static AnnexBranch branchOf(Path gitDir) throws IOException {
        Path dir = gitDir.toAbsolutePath().normalize();
        AnnexBranch b = OPEN.get(dir);
        if (b != null) {
            return b;
        }
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        AnnexBranch opened = new AnnexBranch(repo, dir.resolve("annex"), true);
        AnnexBranch raced = OPEN.putIfAbsent(dir, opened);
        if (raced != null) {
            repo.close();
            return raced;
        }
        return opened;
    }
}
