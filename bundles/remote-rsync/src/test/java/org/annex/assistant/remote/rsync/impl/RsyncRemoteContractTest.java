package org.annex.assistant.remote.rsync.impl;

import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.FolderRemoteContract;

/** The remote contract on an rsync special remote on a local path, made by the factory as the daemon makes it. */
public class RsyncRemoteContractTest extends FolderRemoteContract {
    @Override
    protected Remote createRemoteOn(Path folder, AnnexRepository repository) throws Exception {
        return new RsyncRemoteFactory().create(repository, "r", Map.of("type", "rsync",
                "annex-rsyncurl", folder.toString(), "annex-uuid", "u-2", "encryption", "none")).orElseThrow();
    }

    @Override
    protected AnnexRepository openRepository(Path workTree) throws Exception {
        return LocalAnnex.open(workTree, "here");
    }

    /** rsync keeps a matching prefix by its delta transfer, but counts progress over the whole file. */
    @Override
    protected boolean resumesRetrieve() {
        return false;
    }
}
