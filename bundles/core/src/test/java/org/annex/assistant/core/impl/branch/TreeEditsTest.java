package org.annex.assistant.core.impl.branch;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Editing a tree in place must give exactly the tree that building it from scratch gives (the same id),
 * over random additions, changes and removals in git-annex's folder layout and at the top level, with
 * names whose order differs between files and folders ("a.log" before "a/", "a0" after it).
 */
public class TreeEditsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void editedTreeEqualsTreeBuiltFromScratch() throws Exception {
        java.nio.file.Path dir = Git.init(tmp.getRoot().toPath().resolve("r"));
        Random random = new Random(42);
        List<String> names = new ArrayList<>(List.of("uuid.log", "trust.log", "a.log", "a0", "a-b", "a/x.log", "a/y/z.log"));
        for (int i = 0; i < 300; i++) {
            String h = Integer.toHexString(0x100 + random.nextInt(0xeff));
            String k = Integer.toHexString(0x100 + random.nextInt(0xeff));
            names.add(h + "/" + k + "/SHA256E-s" + i + "--" + Integer.toHexString(random.nextInt()) + ".log");
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
                ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader()) {
            Map<String, ObjectId> files = new TreeMap<>();
            ObjectId tree = null;
            for (int round = 0; round < 40; round++) {
                Map<String, ObjectId> changes = new TreeMap<>();
                int n = 1 + random.nextInt(round == 0 ? 300 : 20);
                for (int i = 0; i < n; i++) {
                    String name = names.get(random.nextInt(names.size()));
                    boolean remove = files.containsKey(name) && random.nextInt(4) == 0;
                    ObjectId blob = remove ? null
                            : ins.insert(Constants.OBJ_BLOB, (name + round + ":" + i).getBytes(StandardCharsets.UTF_8));
                    changes.put(name, blob);
                }
                changes.forEach((name, blob) -> {
                    if (blob == null) {
                        files.remove(name);
                    } else {
                        files.put(name, blob);
                    }
                });
                // A file and a folder of the same name cannot both exist: drop what the change shadows.
                files.keySet().removeIf(f -> files.keySet().stream().anyMatch(g -> g.startsWith(f + "/")));
                changes.keySet().removeIf(f -> !files.containsKey(f) && changes.get(f) != null);
                tree = TreeEdits.apply(reader, ins, tree, changes);
                assertEquals("round " + round, fromScratch(ins, files), tree);
            }
            ins.flush();
            Git.stdout(dir, "git", "fsck", "--no-dangling", "--strict");
        }
    }

    private static ObjectId fromScratch(ObjectInserter ins, Map<String, ObjectId> files) throws Exception {
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        for (Map.Entry<String, ObjectId> e : files.entrySet()) {
            DirCacheEntry ent = new DirCacheEntry(e.getKey());
            ent.setFileMode(FileMode.REGULAR_FILE);
            ent.setObjectId(e.getValue());
            b.add(ent);
        }
        b.finish();
        return dc.writeTree(ins);
    }
}
