package org.annex.assistant.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;

/**
 * The remote contract for a special remote that keeps content in a local folder in git-annex's layout
 * (directory, rsync to a local path): the folder is made here, content gone bad is swapped in the folder, and
 * unreachable is the folder gone, as an unmounted drive.
 */
public abstract class FolderRemoteContract extends RemoteContract {
    private Path folder;

    /** Creates the remote under test on {@code folder}, an empty folder made for it. */
    protected abstract Remote createRemoteOn(Path folder, AnnexRepository repository) throws Exception;

    @Override
    protected final Remote createRemote(Path scratch, AnnexRepository repository) throws Exception {
        folder = Files.createDirectory(scratch.resolve("folder"));
        return createRemoteOn(folder, repository);
    }

    @Override
    protected final void replaceStoredContent(Key key, byte[] bytes) throws Exception {
        overwriteReadOnly(specialRemoteObject(folder, key), bytes);
    }

    @Override
    protected final void makeUnreachable() throws Exception {
        GitAnnexRepo.deleteTree(folder);
    }

    @Override
    protected String unreachableReason() {
        return "not available";
    }
}
