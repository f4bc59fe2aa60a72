package org.annex.assistant.remote.external.impl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.RemoteContract;
import org.annex.assistant.testsupport.TestData;

/** The remote contract on an external special remote: our test program git-annex-remote-xyz, a store in a folder. */
public class ExternalRemoteContractTest extends RemoteContract {
    private Path program;
    private Path store;

    @Override
    protected Remote createRemote(Path scratch, AnnexRepository repository) throws Exception {
        Path bin = Files.createDirectory(scratch.resolve("bin"));
        program = TestData.copy("testdata/git-annex-remote-xyz", bin.resolve("git-annex-remote-xyz"));
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        store = scratch.resolve("store");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("XYZ_DIR", store.toString());
        env.put("XYZ_LOG", scratch.resolve("xyz.log").toString());
        return ExternalRemoteFactory.create(new RemoteConfig("x", Map.of("type", "external", "externaltype", "xyz",
                "encryption", "none", "annex-uuid", "u-3", "myparam", "hello")), repository.workTree(),
                repository.gitDir(), env).orElseThrow();
    }

    @Override
    protected AnnexRepository openRepository(Path workTree) throws Exception {
        return LocalAnnex.open(workTree, "here");
    }

    /** The program keeps each key as a file named by the key in its store. */
    @Override
    protected void replaceStoredContent(Key key, byte[] bytes) throws Exception {
        Files.write(store.resolve(key.toString()), bytes);
    }

    /** The program is uninstalled: the remote cannot start it again. */
    @Override
    protected void makeUnreachable() throws Exception {
        Files.delete(program);
    }

    /** git-annex-remote-xyz sends no PROGRESS messages. */
    @Override
    protected boolean reportsProgress() {
        return false;
    }

    /** The protocol has no offset: a retrieve writes the whole content again. */
    @Override
    protected boolean resumesRetrieve() {
        return false;
    }
}
