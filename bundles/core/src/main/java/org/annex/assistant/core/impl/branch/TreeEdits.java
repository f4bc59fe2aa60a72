package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * A new tree from a base tree and some changed files, reading and writing only the trees on the changed
 * paths. The git-annex branch keeps a file per key in {@code xxx/yyy/} folders, so a commit of a few
 * location logs touches a few dozen trees where rebuilding the whole tree (as a DirCache does) touches
 * every folder of every key: thousands of tree objects read, hashed and looked up per commit, which made
 * each commit and union merge cost time in proportion to the repository instead of the change.
 */
final class TreeEdits {
    private TreeEdits() {
    }

    /**
     * @param baseTree the tree to start from, or null for the empty tree
     * @param changes  path (slash-separated) to the new blob of a regular file there, or null to remove it
     * @return the new tree (the empty tree's id if nothing is left)
     */
    static ObjectId apply(ObjectReader reader, ObjectInserter ins, ObjectId baseTree, Map<String, ObjectId> changes)
            throws IOException {
        SortedMap<String, ObjectId> sorted = changes instanceof SortedMap<String, ObjectId> s ? s : new TreeMap<>(changes);
        ObjectId out = edit(reader, ins, baseTree, sorted);
        return out != null ? out : ins.insert(new TreeFormatter());
    }

    private record Entry(byte[] name, FileMode mode, ObjectId id) {
    }

    /** Git's order of tree entries: by name bytes, a subtree's name compared as if it ended in '/'. */
    private static final Comparator<Entry> GIT_ORDER = (a, b) -> {
        int n = Math.min(a.name.length, b.name.length);
        int c = Arrays.compareUnsigned(a.name, 0, n, b.name, 0, n);
        if (c != 0) {
            return c;
        }
        int ca = a.name.length > n ? a.name[n] & 0xff : (a.mode == FileMode.TREE ? '/' : 0);
        int cb = b.name.length > n ? b.name[n] & 0xff : (b.mode == FileMode.TREE ? '/' : 0);
        return Integer.compare(ca, cb);
    };

    /** Null when the edited tree has no entries left. */
    private static ObjectId edit(ObjectReader reader, ObjectInserter ins, ObjectId tree, SortedMap<String, ObjectId> changes)
            throws IOException {
        TreeMap<String, Entry> entries = new TreeMap<>();
        if (tree != null) {
            CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tree);
            for (; !p.eof(); p.next()) {
                String name = p.getEntryPathString();
                entries.put(name, new Entry(name.getBytes(StandardCharsets.UTF_8), p.getEntryFileMode(), p.getEntryObjectId()));
            }
        }
        // Changes arrive sorted, so those under one folder are consecutive: one recursion per folder.
        List<Map.Entry<String, ObjectId>> list = new ArrayList<>(changes.entrySet());
        for (int i = 0; i < list.size();) {
            String path = list.get(i).getKey();
            int slash = path.indexOf('/');
            if (slash < 0) {
                ObjectId blob = list.get(i).getValue();
                if (blob == null) {
                    entries.remove(path);
                } else {
                    entries.put(path, new Entry(path.getBytes(StandardCharsets.UTF_8), FileMode.REGULAR_FILE, blob));
                }
                i++;
                continue;
            }
            String dir = path.substring(0, slash);
            String prefix = dir + "/";
            TreeMap<String, ObjectId> sub = new TreeMap<>();
            int j = i;
            while (j < list.size() && list.get(j).getKey().startsWith(prefix)) {
                sub.put(list.get(j).getKey().substring(prefix.length()), list.get(j).getValue());
                j++;
            }
            if (j == i) {
                throw new IllegalArgumentException("not a file path: " + path);
            }
            Entry existing = entries.get(dir);
            ObjectId subtree = existing != null && existing.mode == FileMode.TREE ? existing.id : null;
            ObjectId edited = edit(reader, ins, subtree, sub);
            if (edited == null) {
                entries.remove(dir);
            } else {
                entries.put(dir, new Entry(dir.getBytes(StandardCharsets.UTF_8), FileMode.TREE, edited));
            }
            i = j;
        }
        if (entries.isEmpty()) {
            return null;
        }
        List<Entry> ordered = new ArrayList<>(entries.values());
        ordered.sort(GIT_ORDER);
        TreeFormatter f = new TreeFormatter();
        for (Entry e : ordered) {
            f.append(e.name, 0, e.name.length, e.mode, e.id);
        }
        return ins.insert(f);
    }
}
