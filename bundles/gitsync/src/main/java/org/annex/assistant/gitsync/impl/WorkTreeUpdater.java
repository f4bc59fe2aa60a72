package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.annex.assistant.core.AnnexedBlobs;
import org.annex.assistant.core.worktree.TreeChange;
import org.annex.assistant.core.worktree.TreePaths;
import org.annex.assistant.core.worktree.UnsafePath;
import org.annex.assistant.core.worktree.WorkTreeFiles;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEditor.DeletePath;
import org.eclipse.jgit.dircache.DirCacheEditor.PathEdit;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Brings the work tree and the index from one tree to another without running git's filters (the
 * repository's config names git-annex's smudge/clean filters, which JGit would try to run). Annexed
 * unlocked files get their content when the object store has it, else the pointer text, as git-annex's
 * smudge filter does. Every file is written to a temp file in its own directory and renamed over the
 * old one, so a crash leaves either the old or the new file, never none. Files the user changed are
 * never overwritten or deleted. A tree with a path git would not check out is refused before anything is
 * written ({@link UnsafeTreeException}), and no file is reached through a symlink ({@link WorkTreeFiles}).
 */
final class WorkTreeUpdater {
    private static final LinkOption[] NOFOLLOW = { LinkOption.NOFOLLOW_LINKS };
    static final String TEMP_PREFIX = ".annex-assistant-";

    private final Repository repo;
    private final AnnexRepository annex;
    private final WorkTreeFiles files;

    private final java.util.Map<String, BasicFileAttributes> written = new java.util.HashMap<>();

    WorkTreeUpdater(Repository repo, AnnexRepository annex) {
        this.repo = repo;
        this.annex = annex;
        this.files = new WorkTreeFiles(repo.getWorkTree().toPath());
    }

    /**
     * Applies the change from {@code oldTree} (null for an unborn branch) to {@code newTree} to the work
     * tree and to {@code index}, which the caller holds locked and writes afterwards. Returns the paths
     * where the user has changes the update would overwrite (a folder of the path replaced by a symlink or
     * a file counts as such a change); then nothing was touched.
     *
     * @throws UnsafeTreeException when {@code newTree} brings a path git would refuse; nothing was touched
     */
    List<String> apply(DirCache index, ObjectId oldTree, ObjectId newTree) throws IOException {
        List<TreeChange> changes = diff(oldTree, newTree);
        List<UnsafePath> unsafe = TreePaths.unsafe(changes);
        if (!unsafe.isEmpty()) {
            throw new UnsafeTreeException(unsafe);
        }
        List<String> blocked = new ArrayList<>();
        List<TreeChange> deletions = new ArrayList<>();
        List<TreeChange> writes = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader()) {
            for (TreeChange c : changes) {
                DirCacheEntry staged = index.getEntry(c.path());
                boolean stagedAsInHead = c.oldMode() == FileMode.MISSING ? staged == null
                        : staged != null && staged.getObjectId().equals(c.oldId());
                if (c.deletion()) {
                    deletions.add(c);
                    continue;
                }
                Optional<Path> existing = existing(c.path(), changes);
                if (existing.isEmpty()) {
                    blocked.add(c.path());
                    continue;
                }
                Path file = existing.get();
                if (conflicted(index, c.path())) {
                    blocked.add(c.path());
                } else if (staged == null && !Files.exists(file, NOFOLLOW)) {
                    writes.add(c);
                } else if (staged == null ? isClean(reader, file, c.newMode(), c.newId(), null)
                        : stagedAsInHead && isClean(reader, file, staged.getFileMode(), staged.getObjectId(), staged)) {
                    writes.add(c);
                } else {
                    blocked.add(c.path());
                }
            }
            if (!blocked.isEmpty()) {
                return blocked;
            }
            DirCacheEditor editor = index.editor();
            for (TreeChange c : deletions) {
                DirCacheEntry staged = index.getEntry(c.path());
                Path file = existingOrNull(c.path());
                // A file the user changed stays, untracked, so the watcher adds it again: never lose an edit.
                if (file != null && staged != null && staged.getObjectId().equals(c.oldId())
                        && isClean(reader, file, staged.getFileMode(), staged.getObjectId(), staged)) {
                    Files.deleteIfExists(file);
                    pruneEmptyParents(file.getParent());
                }
                editor.add(new DeletePath(c.path()));
            }
            written.clear();
            for (TreeChange c : writes) {
                Path file = files.forWriting(c.path());
                write(reader, file, c.newMode(), c.newId());
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
                written.put(c.path(), attrs);
                editor.add(new PathEdit(c.path()) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(c.newMode());
                        ent.setObjectId(c.newId());
                        ent.setLength(attrs.size());
                        ent.setLastModified(attrs.lastModifiedTime().toInstant());
                    }
                });
            }
            editor.finish();
        }
        return List.of();
    }

    /**
     * JGit marks index entries of files written after the index was read as "racily clean" (size 0), so
     * git re-runs the clean filter on them, and git-annex, which has no inode record of a file we wrote,
     * hashes it anew: a variant whose name drops an extension ({@code v.tar.variant-x.gz}) then gets a
     * different key and shows as modified. Once the index has been written after the files, their stat
     * data is put back; files changed since (by the user) keep the smudged entry and get re-examined.
     */
    void restoreStatData(DirCache index) throws IOException {
        DirCacheEditor editor = index.editor();
        for (java.util.Map.Entry<String, BasicFileAttributes> w : written.entrySet()) {
            Optional<Path> file = files.existing(w.getKey());
            if (file.isEmpty() || !Files.exists(file.get(), NOFOLLOW)) {
                continue;
            }
            BasicFileAttributes now = Files.readAttributes(file.get(), BasicFileAttributes.class, NOFOLLOW);
            BasicFileAttributes then = w.getValue();
            DirCacheEntry entry = index.getEntry(w.getKey());
            if (entry != null && now.size() == then.size() && now.lastModifiedTime().equals(then.lastModifiedTime())) {
                editor.add(new PathEdit(w.getKey()) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setLength(now.size());
                        ent.setLastModified(now.lastModifiedTime().toInstant());
                    }
                });
            }
        }
        editor.finish();
        written.clear();
    }

    /** What differs, submodules (gitlinks) aside: they are not ours to write. */
    private List<TreeChange> diff(ObjectId oldTree, ObjectId newTree) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            List<TreeChange> changes = TreeChange.between(reader, oldTree, newTree);
            changes.removeIf(c -> FileMode.GITLINK.equals(c.oldMode()) || FileMode.GITLINK.equals(c.newMode()));
            return changes;
        }
    }

    /**
     * The work-tree file of a tree path, reached through real folders only; a missing folder means a
     * missing file (a path under the work tree's own folder that is not there). Empty when a folder on
     * the way is a symlink or a file that this update does not delete: the user's change, in its way.
     */
    private Optional<Path> existing(String path, List<TreeChange> changes) {
        try {
            Optional<Path> file = files.existing(path);
            return Optional.of(file.orElseGet(() -> files.workTree().resolve(path)));
        } catch (IOException e) {
            // A symlink or file in the way that this same update deletes (a link that became a folder) is
            // gone when the file is written; if the user changed it, the write is refused then.
            for (TreeChange c : changes) {
                if (c.deletion() && path.startsWith(c.path() + "/")) {
                    return Optional.of(files.workTree().resolve(path));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * For a deletion: the file if it is there and reachable through real folders. A path that was let in
     * before this check existed, or a folder the user replaced by a symlink, leaves the work tree alone.
     */
    private Path existingOrNull(String path) {
        try {
            return files.existing(path).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean conflicted(DirCache index, String path) {
        int first = index.findEntry(path);
        return first >= 0 && index.getEntry(first).getStage() != DirCacheEntry.STAGE_0
                || first >= 0 && first + 1 < index.getEntryCount()
                && index.getEntry(first + 1).getPathString().equals(path);
    }

    /** Whether the work-tree file still holds what the given entry says (the user did not change it). */
    private boolean isClean(ObjectReader reader, Path file, FileMode mode, ObjectId blob, DirCacheEntry staged)
            throws IOException {
        if (!Files.exists(file, NOFOLLOW)) {
            return false;
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
        if (FileMode.SYMLINK.equals(mode)) {
            return attrs.isSymbolicLink() && blobId(Files.readSymbolicLink(file).toString()
                    .getBytes(StandardCharsets.UTF_8)).equals(blob);
        }
        if (!attrs.isRegularFile()) {
            return false;
        }
        if (staged != null && staged.getLength() == attrs.size()
                && staged.getLastModifiedInstant().equals(attrs.lastModifiedTime().toInstant())) {
            return true;
        }
        Optional<Key> key = AnnexedBlobs.keyOf(reader, mode, blob);
        if (key.isPresent()) {
            if (attrs.size() <= PointerFile.MAX_SIZE && blobId(Files.readAllBytes(file)).equals(blob)) {
                return true;
            }
            return key.get().size().orElse(-1) == attrs.size() && key.get().equals(annex.keyFor(file));
        }
        try (InputStream in = Files.newInputStream(file); ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, attrs.size(), in).equals(blob);
        }
    }

    private static ObjectId blobId(byte[] content) {
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, content);
        }
    }

    private void write(ObjectReader reader, Path file, FileMode mode, ObjectId blob) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID() + ".tmp");
        try {
            if (FileMode.SYMLINK.equals(mode)) {
                String target = new String(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(), StandardCharsets.UTF_8);
                Files.createSymbolicLink(temp, Path.of(target));
            } else {
                Optional<Key> key = AnnexedBlobs.keyOf(reader, mode, blob);
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    OutputStream stream = java.nio.channels.Channels.newOutputStream(out);
                    if (key.isPresent() && annex.hasContent(key.get())) {
                        Files.copy(annex.contentPath(key.get()), stream);
                    } else {
                        ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
                        loader.copyTo(stream);
                    }
                    stream.flush();
                    out.force(true);
                }
                if (FileMode.EXECUTABLE_FILE.equals(mode)) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(temp);
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(temp, perms);
                }
            }
            if (Files.isDirectory(file, NOFOLLOW)) {
                // A directory that became a file: only an empty one may go (its files were deleted above).
                Files.delete(file);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void pruneEmptyParents(Path dir) throws IOException {
        Path workTree = files.workTree();
        for (Path d = dir; d != null && d.startsWith(workTree) && !d.equals(workTree); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }
}
