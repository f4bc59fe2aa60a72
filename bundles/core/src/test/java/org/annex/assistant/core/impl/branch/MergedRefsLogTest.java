package org.annex.assistant.core.impl.branch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jgit.lib.ObjectId;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code .git/annex/mergedrefs}: one {@code sha<TAB>ref} line per ref, a ref merged again updated in place. */
public class MergedRefsLogTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final ObjectId A = ObjectId.fromString("1111111111111111111111111111111111111111");
    private static final ObjectId B = ObjectId.fromString("2222222222222222222222222222222222222222");
    private static final ObjectId C = ObjectId.fromString("3333333333333333333333333333333333333333");

    @Test
    public void recordsRefsAndKeepsTheOthers() throws Exception {
        Path annexDir = tmp.newFolder("annex").toPath();
        MergedRefsLog log = new MergedRefsLog(annexDir);
        log.record(Map.of());
        assertFalse("nothing merged, nothing written", Files.exists(annexDir.resolve("mergedrefs")));
        Map<String, ObjectId> first = new LinkedHashMap<>();
        first.put("refs/remotes/b/git-annex", A);
        first.put("refs/remotes/c/git-annex", B);
        log.record(first);
        assertEquals(A.name() + "\trefs/remotes/b/git-annex\n" + B.name() + "\trefs/remotes/c/git-annex\n",
                Files.readString(annexDir.resolve("mergedrefs")));
        log.record(Map.of("refs/remotes/b/git-annex", C));
        assertEquals(C.name() + "\trefs/remotes/b/git-annex\n" + B.name() + "\trefs/remotes/c/git-annex\n",
                Files.readString(annexDir.resolve("mergedrefs")));
        try (var files = Files.list(annexDir)) {
            assertEquals("no temporary file left", 1, files.count());
        }
    }
}
