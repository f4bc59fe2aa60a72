package org.annex.assistant.remote.ftp.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.FtpTestServer;
import org.annex.assistant.testsupport.RemoteContract;

/** The remote contract on a plain FTP server (Apache FtpServer), whose user's home is a local folder. */
public class FtpRemoteContractTest extends RemoteContract {
    private Path home;
    private FtpTestServer server;

    @Override
    protected Remote createRemote(Path scratch, AnnexRepository repository) throws Exception {
        home = Files.createDirectory(scratch.resolve("home"));
        server = new FtpTestServer(home, scratch.resolve("users.properties"));
        return FtpRemoteFactory.create(new RemoteConfig("f", server.remoteConfig()), repository.gitDir(),
                Map.of(FtpRemoteFactory.passwordVariable("f"), FtpTestServer.PASSWORD)).orElseThrow();
    }

    @Override
    protected void stopTarget() {
        server.close();
    }

    @Override
    protected AnnexRepository openRepository(Path workTree) throws Exception {
        return LocalAnnex.open(workTree, "here");
    }

    /** The remote's folder on the server is "annex" in the user's home (FtpTestServer's remote config). */
    @Override
    protected void replaceStoredContent(Key key, byte[] bytes) throws Exception {
        overwriteReadOnly(specialRemoteObject(home.resolve("annex"), key), bytes);
    }

    @Override
    protected void makeUnreachable() {
        server.close();
    }

    @Override
    protected boolean resumesRetrieve() {
        return true;
    }
}
