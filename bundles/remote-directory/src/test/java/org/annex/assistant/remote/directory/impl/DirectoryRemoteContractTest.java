package org.annex.assistant.remote.directory.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.RemoteContract;

/** The remote contract on a directory special remote, made by the factory as the daemon makes it. */
public class DirectoryRemoteContractTest extends RemoteContract {
    private Path directory;

    @Override
    protected Remote createRemote(Path scratch, AnnexRepository repository) throws Exception {
        directory = Files.createDirectory(scratch.resolve("directory"));
        return new DirectoryRemoteFactory().create(repository, "d", Map.of("type", "directory",
                "annex-directory", directory.toString(), "annex-uuid", "u-1",
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

    /** As an unmounted drive: the folder is gone. */
    @Override
    protected void makeUnreachable() throws Exception {
        GitAnnexRepo.deleteTree(directory);
    }

    @Override
    protected String unreachableReason() {
        return "not available";
    }

    @Override
    protected boolean resumesRetrieve() {
        return true;
    }
}
