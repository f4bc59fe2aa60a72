package org.annex.assistant.remote.git.impl;

import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.RemoteContract;
import org.junit.After;

/** The remote contract on a clone on a local path, a git-annex repository of its own. */
public class LocalGitRemoteContractTest extends RemoteContract {
    private GitAnnexRepo clone;
    private final NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone();

    @Override
    protected Remote createRemote(Path scratch, AnnexRepository repository) throws Exception {
        clone = GitAnnexRepo.cloneOf(GitAnnexRepo.at(repository.workTree()), scratch.resolve("clone"), "clone");
        return new GitRemoteFactory(neighbours).create(repository, "clone", Map.of("url", clone.dir().toString())).orElseThrow();
    }

    @Override
    protected AnnexRepository openRepository(Path workTree) throws Exception {
        return LocalAnnex.open(workTree, "here");
    }

    @Override
    protected void replaceStoredContent(Key key, byte[] bytes) throws Exception {
        overwriteReadOnly(clone.gitDir().resolve("annex/objects").resolve(key.objectPath()), bytes);
    }

    /** The clone is deleted (or its drive unmounted). */
    @Override
    protected void makeUnreachable() throws Exception {
        GitAnnexRepo.deleteTree(clone.dir());
    }

    @After
    public void closeNeighbours() {
        neighbours.close();
    }

    @Override
    protected boolean resumesRetrieve() {
        return true;
    }
}
