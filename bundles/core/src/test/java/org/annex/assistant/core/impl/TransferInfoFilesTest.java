package org.annex.assistant.core.impl;

import org.annex.assistant.testsupport.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.TransferInfoFiles;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TransferInfoFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void gitAnnexSeesOurRunningTransfer() throws Exception {
        Path wt = Git.init(tmp.getRoot().toPath().resolve("r"));
        Git.stdout(wt, "git", "annex", "init", "r");
        Files.writeString(wt.resolve("big.bin"), "big content\n");
        Git.stdout(wt, "git", "annex", "add", "big.bin");
        Key key = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "big.bin").trim());
        String remote = "72f1ab9b-d257-431b-b683-b3b633141e6b";
        TransferInfoFiles files = new TransferInfoFiles(wt.resolve(".git"));
        Path info = wt.resolve(".git/annex/transfer/upload/" + remote + "/" + key.fileName());
        try (TransferInfoFiles.Handle h = files.start(Direction.UPLOAD, remote, key, "big.bin")) {
            h.progress(950272);
            String text = Files.readString(info);
            assertTrue(text, text.matches("\\d+(\\.\\d+)?s 950272\nbig\\.bin\n"));
            String json = Git.stdout(wt, "git", "annex", "info", "--fast", "--json");
            assertTrue(json, json.contains("\"transfers in progress\":[{\"file\":\"big.bin\",\"key\":\"" + key
                    + "\",\"remote\":\"" + remote + "\",\"transfer\":\"upload\"}]"));
            List<TransferInfoFiles.Info> list = files.list();
            assertEquals(1, list.size());
            assertTrue(list.get(0).running);
            assertEquals(950272, list.get(0).bytes);
            try {
                files.start(Direction.UPLOAD, remote, key, "big.bin");
                fail("the same transfer cannot start twice");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("already running"));
            }
        }
        assertFalse(Files.exists(info));
        assertTrue(files.list().isEmpty());
        assertTrue(Git.stdout(wt, "git", "annex", "info", "--fast", "--json").contains("\"transfers in progress\":[]"));
    }

    /** An info file in git-annex's format (transfer-info-example.txt), locked by another process or not. */
    @Test
    public void weReadGitAnnexFormatAndItsLock() throws Exception {
        Path git = tmp.getRoot().toPath().resolve(".git");
        Key key = Key.parse("SHA256E-s4000000--747a240dbb6bf68db73a29e421e4d4ba17ce4e8dde6baf43c067033dca4bfc94.bin");
        String uuid = "2c4b7a1e-e8ca-4955-9012-4471cffdb3f9";
        Path dir = Files.createDirectories(git.resolve("annex/transfer/download/" + uuid));
        StringBuilder example = new StringBuilder();
        for (String line : TestData.dataLines("testdata/git-annex/transfer-info-example.txt")) {
            example.append(line).append('\n');
        }
        Files.writeString(dir.resolve(key.fileName()), example);
        Path lck = dir.resolve("lck." + key.fileName());
        Files.createFile(lck);
        Files.writeString(dir.resolve("not a key"), "garbage\n");
        TransferInfoFiles files = new TransferInfoFiles(git);
        List<TransferInfoFiles.Info> list = files.list();
        assertEquals(1, list.size());
        TransferInfoFiles.Info i = list.get(0);
        assertEquals(Direction.DOWNLOAD, i.direction);
        assertEquals(uuid, i.remoteUuid);
        assertEquals(key, i.key);
        assertEquals(950272, i.bytes);
        assertEquals("big.bin", i.file);
        assertEquals("1795594808.794780062", i.started.toPlainString());
        assertFalse("nobody holds the lock: a stale file", i.running);

        Process holder = new ProcessBuilder("python3", "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'w')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(60)",
                lck.toString()).start();
        try {
            assertEquals('l', holder.getInputStream().read());
            assertTrue("an fcntl lock held elsewhere means running", files.list().get(0).running);
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        assertFalse(files.list().get(0).running);
    }

    @Test
    public void failedTransfersAreKept() throws Exception {
        Path git = tmp.getRoot().toPath().resolve(".git");
        Key key = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");
        TransferInfoFiles files = new TransferInfoFiles(git);
        try (TransferInfoFiles.Handle h = files.start(Direction.DOWNLOAD, "abc-1", key, "")) {
            h.progress(3);
            h.failed();
        }
        List<TransferInfoFiles.Info> list = files.list();
        assertEquals(1, list.size());
        assertTrue(list.get(0).failed);
        assertEquals(3, list.get(0).bytes);
        assertTrue(Files.exists(git.resolve("annex/transfer/failed/download/abc-1/" + key.fileName())));
        try {
            files.start(Direction.DOWNLOAD, "../evil", key, "");
            fail("uuids with separators must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("not a repository uuid"));
        }
    }

    /**
     * A transfer that ends while its info file is being listed is not taken for interrupted: the receiving
     * daemon once "resumed" a download that the sending daemon had just finished storing into it.
     */
    @Test
    public void aTransferEndingWhileListedIsNotInterrupted() throws Exception {
        TransferInfoFiles files = new TransferInfoFiles(tmp.getRoot().toPath().resolve(".git"));
        AtomicBoolean done = new AtomicBoolean();
        Thread transfers = new Thread(() -> {
            try {
                for (int i = 0; i < 3000; i++) {
                    Key key = Key.parse("WORM-s1-m1--transfer" + i);
                    files.start(Direction.DOWNLOAD, "abc-1", key, "f" + i).close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                done.set(true);
            }
        });
        transfers.start();
        int seen = 0;
        while (!done.get()) {
            for (TransferInfoFiles.Info i : files.list()) {
                seen++;
                assertTrue("taken for interrupted: " + i.key, i.running);
            }
        }
        transfers.join();
        assertTrue("the listing saw transfers under way", seen > 0);
    }
}
