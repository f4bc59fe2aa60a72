package org.annex.assistant.remote.directory.impl;

import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.FolderRemoteContract;

/** The remote contract on a directory special remote, made by the factory as the daemon makes it. */
public class DirectoryRemoteContractTest extends FolderRemoteContract {
    @Override
    protected Remote createRemoteOn(Path folder, AnnexRepository repository) throws Exception {
        return new DirectoryRemoteFactory().create(repository, "d", Map.of("type", "directory",
                "annex-directory", folder.toString(), "annex-uuid", "u-1", "encryption", "none")).orElseThrow();
    }

    @Override
    protected AnnexRepository openRepository(Path workTree) throws Exception {
        return LocalAnnex.open(workTree, "here");
    }

    /** A partial download is continued from its end. */
    @Override
    protected boolean resumesRetrieve() {
        return true;
    }
}
