package org.annex.assistant.core.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.core.impl.branch.AnnexBranch;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The open neighbour repositories and their git-annex branches, keyed by normalised git directory. Each
 * is opened once; the branch tip is re-read from its ref file at every write, so a merge made there by its
 * own daemon or by git-annex is always the base.
 */
public final class OpenNeighbours implements NeighbourRepositories.Owned {
    private final Map<Path, Repository> repositories = new ConcurrentHashMap<>();
    private final Map<Path, AnnexBranch> branches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public Repository repository(Path gitDir) throws IOException {
        if (closed) {
            throw new IOException("neighbour repositories are closed (core is stopping)");
        }
        Path dir = gitDir.toAbsolutePath().normalize();
        Repository r = repositories.get(dir);
        if (r != null) {
            return r;
        }
        Repository opened = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        Repository raced = repositories.putIfAbsent(dir, opened);
        if (raced != null) {
            opened.close();
            return raced;
        }
        return opened;
    }

    @Override
    public void setLocation(Path gitDir, Key key, String uuid, boolean present) throws IOException {
        Locations.set(branchOf(gitDir), key, uuid, present);
    }

    @Override
    public void setReceived(Path gitDir, Key key, String uuid, String sender) throws IOException {
        Locations.set(branchOf(gitDir), key, uuid, true, Set.of(sender));
    }

    @Override
    public Set<String> locations(Path gitDir, Key key) throws IOException {
        return Locations.present(branchOf(gitDir), key);
    }

    private AnnexBranch branchOf(Path gitDir) throws IOException {
        Path dir = gitDir.toAbsolutePath().normalize();
        AnnexBranch b = branches.get(dir);
        if (b != null) {
            return b;
        }
        AnnexBranch opened = AnnexBranch.ofNeighbour(repository(dir), dir.resolve("annex"));
        AnnexBranch raced = branches.putIfAbsent(dir, opened);
        return raced != null ? raced : opened;
    }

    @Override
    public void close() {
        closed = true;
        branches.clear();
        repositories.values().forEach(Repository::close);
        repositories.clear();
    }
}
