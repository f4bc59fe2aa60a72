package org.annex.assistant.core.worktree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectChecker.ErrorType;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Whether a path that came from another repository may be written into the work tree: what git's
 * {@code verify_path} allows with {@code core.protectHFS} and {@code core.protectNTFS} on (as git runs on
 * macOS and Windows, and the tests compare with {@code git read-tree} so configured). No empty, absolute,
 * {@code .} or {@code ..} component; no {@code .git} component at any depth in any case, nor a name that
 * HFS+ (ignorable code points, {@code .g\u200cit}) or NTFS (8.3 short name {@code GIT~1}, trailing dots
 * and spaces, {@code .git::$INDEX_ALLOCATION}, {@code \} as a separator) reads as {@code .git}; no
 * symlink named as {@code .gitmodules} is read on those systems.
 *
 * <p>The name rules are JGit's {@link ObjectChecker}, not a copy. Its Windows mode is not turned on for
 * whole names: it also refuses names Windows cannot store ({@code a:b}, {@code what?}, {@code CON}), which
 * git checks out on Linux and which people sync every day. It is used instead, only for its {@code .git}
 * rules, on each part of a name between backslashes and before an alternate-stream colon: the places
 * where NTFS would see a name of its own, and where git's protectNTFS looks.
 */
public final class TreePaths {
    private TreePaths() {
    }

    /** Why git would refuse {@code path} with {@code mode} in a tree it checks out, or empty when it is fine. */
    public static Optional<String> problem(String path, FileMode mode) {
        try {
            new ObjectChecker().setSafeForMacOS(true).checkPath(path);
            byte[] raw = path.getBytes(StandardCharsets.UTF_8);
            ObjectChecker ntfs = ntfsDotGit();
            int segment = 0;
            for (int i = 0; i <= raw.length; i++) {
                if (i == raw.length || raw[i] == '/') {
                    checkNtfsParts(ntfs, raw, segment, i);
                    segment = i + 1;
                }
            }
            if (FileMode.SYMLINK.equals(mode) && isGitmodules(path.substring(path.lastIndexOf('/') + 1))) {
                return Optional.of("a symbolic link named .gitmodules");
            }
            return Optional.empty();
        } catch (CorruptObjectException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The paths of {@code newTree} that differ from {@code oldTree} (null: every path) and that git would
     * refuse, in tree order. Paths that did not change were accepted before and are not looked at again.
     */
    public static List<UnsafePath> unsafeChanges(ObjectReader reader, AnyObjectId oldTree, AnyObjectId newTree)
            throws IOException {
        return unsafe(TreeChange.between(reader, oldTree, newTree));
    }

    /** The paths among {@code changes} (deletions aside) that git would refuse, in their order. */
    public static List<UnsafePath> unsafe(List<TreeChange> changes) {
        List<UnsafePath> unsafe = new ArrayList<>();
        for (TreeChange c : changes) {
            if (!c.deletion()) {
                problem(c.path(), c.newMode()).ifPresent(why -> unsafe.add(new UnsafePath(c.path(), why)));
            }
        }
        return unsafe;
    }

    /** A checker that reports only {@code .git} names, with NTFS's equivalences. */
    private static ObjectChecker ntfsDotGit() {
        EnumSet<ErrorType> others = EnumSet.allOf(ErrorType.class);
        others.remove(ErrorType.HAS_DOTGIT);
        return new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true).setIgnore(others);
    }

    /**
     * Each part of a segment between backslashes, up to a colon (an NTFS alternate stream) and without its
     * trailing dots and spaces (NTFS drops them: JGit's own rule takes {@code .git.} but not {@code .git..},
     * which git refuses), must not be {@code .git} to NTFS. Only that is asked of the Windows checker, which
     * reports nothing else: a part with a character Windows cannot store ({@code ?}, {@code *}, ...), which
     * it would refuse as such, is a name that is not {@code .git} and is not given to it.
     */
    private static void checkNtfsParts(ObjectChecker ntfs, byte[] raw, int start, int end)
            throws CorruptObjectException {
        int part = start;
        for (int i = start; i <= end; i++) {
            if (i == end || raw[i] == '\\') {
                int stop = part;
                while (stop < i && raw[stop] != ':') {
                    stop++;
                }
                while (stop > part && (raw[stop - 1] == '.' || raw[stop - 1] == ' ')) {
                    stop--;
                }
                if (stop > part && !hasWindowsForbidden(raw, part, stop)) {
                    ntfs.checkPathSegment(raw, part, stop);
                }
                part = i + 1;
            }
        }
    }

    private static boolean hasWindowsForbidden(byte[] raw, int start, int end) {
        for (int i = start; i < end; i++) {
            byte c = raw[i];
            if (c >= 0 && c < 0x20 || "\"*<>?|".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a name is {@code .gitmodules} to HFS+ or NTFS: JGit's tree check records such an entry (it
     * reads the file's submodule URLs), so a one-entry tree asks it. Trailing dots and spaces, which NTFS
     * drops, are dropped first: its Windows check would stop at them before recording the entry.
     */
    private static boolean isGitmodules(String name) {
        String trimmed = name.replaceAll("[. ]+$", "");
        int colon = trimmed.indexOf(':');
        if (colon > 0) {
            trimmed = trimmed.substring(0, colon).replaceAll("[. ]+$", "");
        }
        if (trimmed.isEmpty()) {
            return false;
        }
        TreeFormatter tree = new TreeFormatter();
        tree.append(trimmed, FileMode.SYMLINK, ObjectId.zeroId());
        ObjectChecker checker = ntfsDotGit();
        try {
            checker.checkTree(ObjectId.zeroId(), tree.toByteArray());
        } catch (CorruptObjectException e) {
            // a character Windows cannot store: not a name NTFS reads as .gitmodules
            return false;
        }
        return !checker.getGitsubmodules().isEmpty();
    }
}
