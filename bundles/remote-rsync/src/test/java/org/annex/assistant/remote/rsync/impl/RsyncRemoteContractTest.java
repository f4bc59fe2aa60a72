package org.annex.assistant.remote.rsync.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.RemoteContract;

/** The remote contract on an rsync special remote on a local path, made by the factory as the daemon makes it. */
public class RsyncRemoteContractTest extends RemoteContract {
    private Path directory;

    @Override
    protected Remote createRemote(Path scratch, AnnexRepository repository) throws Exception {
        directory = Files.createDirectory(scratch.resolve("directory"));
        return new RsyncRemoteFactory().create(repository, "r", Map.of("type", "rsync",
                "annex-rsyncurl", directory.toString(), "annex-uuid", "u-2",
                "encryption", "none")).orElseThrow();
    }

    @Override
    protected AnnexRepository openRepository(Path workTree) throws Exception {
        return LocalAnnex.open(workTree, "here");
    }

    @Override
    protected void replaceStoredContent(Key key, byte[] bytes) throws Exception {
        overwriteReadOnly(specialRemoteObject(directory, key), bytes);
    }

    /** The target folder is gone, as an unmounted drive. */
    @Override
    protected void makeUnreachable() throws Exception {
        GitAnnexRepo.deleteTree(directory);
    }

    /** rsync keeps a matching prefix by its delta transfer, but counts progress over the whole file. */
    @Override
    protected String unreachableReason() {
        return "not available";
    }

    @Override
    protected boolean resumesRetrieve() {
        return false;
    }
}
