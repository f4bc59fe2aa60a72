package org.annex.assistant.core.impl;

import org.annex.assistant.core.match.TrustLevel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexLink;
import org.annex.assistant.api.annex.AnnexedFile;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A repository initialised and filled by our code must look right to the real git-annex. */
public class OursToGitAnnexTest {
    private static final String SPECIAL = "11111111-2222-4333-8444-555555555555";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Stages files by hand (JGit's AddCommand would run git-annex's clean filter) and commits them. */
    static void commitFiles(Repository repo, Map<String, Key> unlocked, Map<String, Key> locked) throws IOException {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            DirCache dc = repo.lockDirCache();
            try {
                DirCacheBuilder b = dc.builder();
                Map<String, DirCacheEntry> entries = new java.util.TreeMap<>();
                for (Map.Entry<String, Key> e : unlocked.entrySet()) {
                    DirCacheEntry ent = new DirCacheEntry(e.getKey());
                    ent.setFileMode(FileMode.REGULAR_FILE);
                    ent.setObjectId(ins.insert(Constants.OBJ_BLOB, PointerFile.bytes(e.getValue())));
                    entries.put(e.getKey(), ent);
                }
                for (Map.Entry<String, Key> e : locked.entrySet()) {
                    DirCacheEntry ent = new DirCacheEntry(e.getKey());
                    ent.setFileMode(FileMode.SYMLINK);
                    ent.setObjectId(ins.insert(Constants.OBJ_BLOB, AnnexLink.target(e.getKey(), e.getValue()).getBytes(StandardCharsets.UTF_8)));
                    entries.put(e.getKey(), ent);
                }
                entries.values().forEach(b::add);
                b.finish();
                ObjectId tree = dc.writeTree(ins);
                dc.write();
                dc.commit();
                CommitBuilder cb = new CommitBuilder();
                PersonIdent me = new PersonIdent("Test", "test@example.com");
                cb.setAuthor(me);
                cb.setCommitter(me);
                cb.setTreeId(tree);
                cb.setMessage("add files");
                ObjectId commit = ins.insert(cb);
                ins.flush();
                RefUpdate u = repo.updateRef(Constants.HEAD);
                u.setNewObjectId(commit);
                u.setExpectedOldObjectId(ObjectId.zeroId());
                assertEquals(RefUpdate.Result.NEW, u.update());
            } finally {
                dc.unlock();
            }
        }
    }

    /** Turns an ingested work-tree file into a locked file: a symlink into the store, by atomic rename. */
    static void lock(Path workTree, String path, Key key) throws IOException {
        Path file = workTree.resolve(path);
        Path link = file.resolveSibling(".lock." + file.getFileName());
        Files.createSymbolicLink(link, Path.of(AnnexLink.target(path, key)));
        Files.move(link, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    public void gitAnnexAgreesWithWhatWeWrote() throws Exception {
        Path wt = tmp.getRoot().toPath().resolve("ours");
        Map<String, String> contents = new LinkedHashMap<>();
        contents.put("plain.txt", "plain\n");
        contents.put("with space and ünïcödé.dat", "unicode content\n");
        contents.put("long.verylongextension", "long ext\n");
        contents.put("d1/d2/deep.tar.gz", "deep locked\n");
        contents.put("locked ünï.txt", "locked unicode\n");
        Set<String> toLock = Set.of("d1/d2/deep.tar.gz", "locked ünï.txt");
        Map<String, Key> unlocked = new LinkedHashMap<>();
        Map<String, Key> locked = new LinkedHashMap<>();
        String uuid;
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(wt, "ours desc")) {
            uuid = repo.uuid();
            Git.identity(wt);
            for (Map.Entry<String, String> c : contents.entrySet()) {
                Path f = wt.resolve(c.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, c.getValue());
                Key key = repo.ingest(f).orElseThrow();
                assertEquals(repo.keyFor(f), key);
                assertTrue(repo.hasContent(key));
                assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.contentPath(key))));
                assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.contentPath(key).getParent())));
                if (toLock.contains(c.getKey())) {
                    lock(wt, c.getKey(), key);
                    locked.put(c.getKey(), key);
                } else {
                    unlocked.put(c.getKey(), key);
                }
            }
            assertEquals(AnnexedFile.Kind.ANNEX_LINK, AnnexedFile.of(wt.resolve("locked ünï.txt")).kind());
            assertEquals(AnnexedFile.Kind.PLAIN, AnnexedFile.of(wt.resolve("plain.txt")).kind());
            commitFiles(repo.git(), unlocked, locked);

            Key plain = unlocked.get("plain.txt");
            repo.setDescription(SPECIAL, "fake special");
            repo.setRemoteConfig(SPECIAL, Map.of("name", "fakedir", "type", "directory", "encryption", "none"));
            repo.setLocation(plain, SPECIAL, true);
            repo.setTrust(SPECIAL, TrustLevel.UNTRUSTED);
            repo.setGroups(uuid, Set.of("client", "backup"));
            repo.setPreferredContent(uuid, "standard");
            repo.setPreferredContent(SPECIAL, "include=*.txt");
            repo.setNumCopies(2);
            repo.setConfig("annex.largefiles", "largerthan=100kb");
            // Journalled but not committed yet: git-annex must already see it.
            assertTrue(Git.stdout(wt, "git", "annex", "whereis", "--key=" + plain).contains(SPECIAL));
            repo.commitJournal();
            assertTrue(Files.list(wt.resolve(".git/annex/journal")).findAny().isEmpty());
        }

        // numcopies=2 is what we wrote (checked below); fsck would rightly report the single copies.
        String fsck = Git.stdout(wt, "git", "annex", "fsck", "--numcopies=1");
        assertEquals(fsck, contents.size(), fsck.split("\\(checksum\\.\\.\\.\\) ok", -1).length - 1);
        assertFalse(fsck, fsck.contains("failed"));

        String whereis = Git.stdout(wt, "git", "annex", "whereis", "--json", "plain.txt");
        assertTrue(whereis, whereis.contains(uuid) && whereis.contains(SPECIAL) && whereis.contains("fake special"));
        String find = Git.stdout(wt, "git", "annex", "find", "--in=here", "--json");
        for (String name : contents.keySet()) {
            assertTrue(name + " in " + find, find.contains("\"file\":\"" + name + "\""));
        }
        assertEquals("plain.txt\n", Git.stdout(wt, "git", "annex", "find", "--in=" + SPECIAL));
        assertEquals("standard\n", Git.stdout(wt, "git", "annex", "wanted", "here"));
        assertEquals("include=*.txt\n", Git.stdout(wt, "git", "annex", "wanted", SPECIAL));
        assertEquals("backup client\n", Git.stdout(wt, "git", "annex", "group", "here"));
        assertEquals("2\n", Git.stdout(wt, "git", "annex", "numcopies"));
        String info = Git.stdout(wt, "git", "annex", "info", "--fast", "--json");
        assertTrue(info, info.contains("\"untrusted repositories\":[{\"description\":\"fake special\",\"here\":false,\"uuid\":\"" + SPECIAL + "\""));
        assertTrue(info, info.contains("ours desc"));
        assertEquals("largerthan=100kb\n", Git.stdout(wt, "git", "annex", "config", "--get", "annex.largefiles"));
        // git-annex can take over: dropping to below numcopies is refused, the special remote being untrusted.
        assertTrue(Git.tryRun(wt, "git", "annex", "drop", "plain.txt").exitCode != 0);
    }
}
