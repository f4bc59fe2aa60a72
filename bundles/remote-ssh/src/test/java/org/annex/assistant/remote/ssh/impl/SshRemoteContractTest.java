package org.annex.assistant.remote.ssh.impl;

import java.nio.file.Path;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.RemoteContract;
import org.annex.assistant.testsupport.Sshd;

/** The remote contract over a real sshd to git-annex-shell p2pstdio in a git-annex repository. */
public class SshRemoteContractTest extends RemoteContract {
    private Path server;
    private Sshd sshd;

    @Override
    protected Remote createRemote(Path scratch, AnnexRepository repository) throws Exception {
        server = Git.annexInit(scratch.resolve("server"), "server");
        sshd = Sshd.start(scratch.resolve("sshd"));
        SshRemote.Shell shell = OpenSshShell.to(sshd);
        String uuid = SshRemoteFactory.remoteUuid("srv", shell, server.toString());
        return new SshRemote("srv", uuid, 200, server.toString(), repository.uuid(), shell);
    }

    /**
     * git-annex-shell outlives the closed session a little (it commits the server's git-annex branch as it
     * exits): it is waited for, so that the server's repository is not deleted under it.
     */
    @Override
    protected void stopTarget() throws Exception {
        sshd.close();
        String path = server.toString();
        Git.await(30_000, "git-annex-shell in " + path + " to exit", () -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().arguments().map(args -> String.join(" ", args).contains(path)).orElse(false)));
    }

    @Override
    protected AnnexRepository openRepository(Path workTree) throws Exception {
        return LocalAnnex.open(workTree, "here");
    }

    @Override
    protected void replaceStoredContent(Key key, byte[] bytes) throws Exception {
        overwriteReadOnly(server.resolve(".git/annex/objects").resolve(key.objectPath()), bytes);
    }

    @Override
    protected void makeUnreachable() throws Exception {
        sshd.close();
    }

    @Override
    protected boolean resumesRetrieve() {
        return true;
    }
}
