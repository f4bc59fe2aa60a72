package org.annex.assistant.core;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.annex.assistant.api.annex.AnnexedChange;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * What core answers about a repository that other bundles used to read themselves (the transfer scanner):
 * annexed files of a tree, annexed files changed between commits, keys whose location logs changed, and
 * the remotes' settings; each checked against what git and git-annex say of the same repository.
 */
public class RepositoryReadsTest {
    private GitAnnexRepo cli;
    private LocalAnnex repo;

    @Before
    public void setUp() throws Exception {
        cli = GitAnnexRepo.create("reads");
        cli.addFile("locked/one.bin", "one\n".getBytes());
        cli.addUnlocked("unlocked/two.bin", "two\n".getBytes());
        Files.writeString(cli.dir().resolve("plain.txt"), "/annex/objects/not-a-key-file\n");
        cli.git("add", "plain.txt");
        cli.git("commit", "-q", "-m", "plain");
        repo = LocalAnnex.open(cli.dir(), "reads");
    }

    @After
    public void tearDown() throws IOException {
        repo.close();
        cli.close();
    }

    /** path -> "key locked|unlocked", as git's tree modes and git-annex's lookupkey have it. */
    private Map<String, String> expectedAnnexed() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : cli.git("ls-tree", "-r", "HEAD").split("\n")) {
            String path = line.substring(line.indexOf('\t') + 1);
            if (cli.tryGit("annex", "lookupkey", path).exitCode == 0) {
                out.put(path, cli.key(path) + (line.startsWith("120000") ? " locked" : " unlocked"));
            }
        }
        return out;
    }

    private Map<String, String> annexed(String commit) throws IOException {
        Map<String, String> out = new TreeMap<>();
        repo.annexedFiles(commit, f -> out.put(f.path(), f.key() + (f.locked() ? " locked" : " unlocked")));
        return out;
    }

    @Test
    public void annexedFilesOfATreeAreThoseGitAnnexKnows() throws Exception {
        Map<String, String> expected = expectedAnnexed();
        assertEquals(Set.of("locked/one.bin", "unlocked/two.bin"), expected.keySet());
        assertEquals(expected, annexed("HEAD"));
    }

    @Test
    public void changedAnnexedFilesAreAddedModifiedAndDeleted() throws Exception {
        String before = cli.git("rev-parse", "HEAD").trim();
        Files.writeString(cli.dir().resolve("unlocked/two.bin"), "two, changed\n");
        cli.annex("add", "-q", "--force-large", "unlocked/two.bin");
        cli.git("rm", "-q", "locked/one.bin");
        cli.addFile("three.bin", "three\n".getBytes()); // commits the other two changes too
        List<String> changes = new ArrayList<>();
        repo.changedAnnexedFiles(before, "HEAD", c -> changes.add(c.change() + " " + c.path() + " " + c.key()));
        Map<String, String> keys = new HashMap<>();
        keys.put("three.bin", cli.key("three.bin"));
        keys.put("unlocked/two.bin", cli.key("unlocked/two.bin"));
        String oneKey = cli.git("show", before + ":locked/one.bin");
        oneKey = oneKey.substring(oneKey.lastIndexOf('/') + 1);
        assertEquals(new TreeSet<>(List.of(
                AnnexedChange.Change.DELETED + " locked/one.bin " + Key.parse(oneKey),
                AnnexedChange.Change.ADDED + " three.bin " + keys.get("three.bin"),
                AnnexedChange.Change.MODIFIED + " unlocked/two.bin " + keys.get("unlocked/two.bin"))),
                new TreeSet<>(changes));
    }

    @Test
    public void changedLocationLogsNameTheKeysWhoseLogsDiffer() throws Exception {
        String before = cli.git("rev-parse", "git-annex").trim();
        cli.addFile("four.bin", "four\n".getBytes());
        String after = cli.git("rev-parse", "git-annex").trim();
        Set<String> changed = new TreeSet<>();
        repo.changedLocationLogs(before, after, k -> changed.add(k.toString()));
        assertEquals(Set.of(cli.key("four.bin")), changed);

        Set<String> all = new TreeSet<>();
        repo.changedLocationLogs(null, after, k -> all.add(k.toString()));
        Set<String> expected = new TreeSet<>();
        for (String line : cli.annex("find", "--format=${key}\\n", "--include=*").split("\n")) {
            if (!line.isBlank()) {
                expected.add(line.trim());
            }
        }
        assertEquals("since the empty branch: every key with a location log", expected, all);
    }

    @Test
    public void remotesAreGitConfigCompletedWithRemoteLogJournalFirst() throws Exception {
        Files.createDirectories(cli.gitDir().resolve("dir-remote"));
        cli.annex("initremote", "-q", "dir", "type=directory", "directory=" + cli.gitDir().resolve("dir-remote"),
                "encryption=none");
        cli.git("remote", "add", "origin", "../elsewhere");
        Map<String, String> expectedDir = new HashMap<>(cli.remoteConfig("dir"));
        expectedDir.remove("uuid"); // the test helper's addition: remote.log's own uuid is the line's subject
        Map<String, Map<String, String>> remotes = repo.remotes();
        assertEquals(Set.of("dir", "origin"), remotes.keySet());
        assertEquals(expectedDir, remotes.get("dir"));
        assertEquals(cli.remoteGitConfig("origin"), remotes.get("origin"));

        String uuid = remotes.get("dir").get("annex-uuid");
        Map<String, String> fields = new HashMap<>(cli.remoteLogFields("dir"));
        fields.remove("uuid");
        fields.put("chunk", "1MiB");
        repo.setRemoteConfig(uuid, fields);
        assertEquals("the journal's remote.log, before it is committed", "1MiB", repo.remotes().get("dir").get("chunk"));
    }
}
