package org.annex.assistant.remote.directory.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.AbstractRemote;
import org.annex.assistant.api.remote.RemoteConfig;

/**
 * A directory special remote, laid out as git-annex lays it out: {@code DIR/hashdirlower/KEY/KEY} with the
 * key directory and file read-only, and {@code DIR/tmp/KEY/KEY} while a store is under way. A store is
 * renamed into place as a whole directory, so a key file is never seen half-written, even after a crash.
 */
final class DirectoryRemote extends AbstractRemote {
    private final Path root;

    DirectoryRemote(String name, String uuid, int cost, Path root) {
        super(name, uuid, cost);
        this.root = root;
    }

    Path root() {
        return root;
    }

    @Override
    public boolean checkPresent(Key key) throws IOException {
        return Files.isRegularFile(available().resolve(RemoteConfig.objectPath(key)), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void store(Key key, Path content, String file, Progress progress) throws IOException {
        Path dest = available().resolve(RemoteConfig.objectPath(key));
        if (Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path tmpDir = root.resolve("tmp").resolve(key.fileName());
        try {
            deleteTree(tmpDir);
            Files.createDirectories(tmpDir);
            Path tmpFile = tmpDir.resolve(key.fileName());
            try (InputStream in = progress.counting(Files.newInputStream(content), 0);
                    FileChannel ch = FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(Channels.newOutputStream(ch));
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmpFile, PosixFilePermissions.fromString("r--r--r--"));
            Path keyDir = dest.getParent();
            Files.createDirectories(keyDir.getParent());
            // An empty key directory is what an interrupted remove leaves; the rename needs it gone.
            if (Files.isDirectory(keyDir, LinkOption.NOFOLLOW_LINKS)) {
                keyDir.toFile().setWritable(true, true);
                Files.delete(keyDir);
            }
            Files.setPosixFilePermissions(tmpDir, PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.move(tmpDir, keyDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("remote " + name() + ": " + e.getFile() + " is in the way of storing " + key, e);
        } catch (IOException e) {
            deleteQuietly(tmpDir, e);
            throw new IOException("remote " + name() + ": storing " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void retrieve(Key key, Path destination, String file, Progress progress) throws IOException {
        Path src = available().resolve(RemoteConfig.objectPath(key));
        if (!Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("remote " + name() + " does not have " + key);
        }
        long have = Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS) ? Files.size(destination) : 0;
        if (have > Files.size(src)) {
            have = 0;
        }
        // NOFOLLOW_LINKS: a symlink planted at either end must not make us read or write elsewhere.
        try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
            out.truncate(have);
            out.position(have);
            in.position(have);
            OutputStream os = Channels.newOutputStream(out);
            progress.counting(Channels.newInputStream(in), have).transferTo(os);
            out.force(false);
        }
    }

    @Override
    public void remove(Key key) throws IOException {
        Path dest = available().resolve(RemoteConfig.objectPath(key));
        Path keyDir = dest.getParent();
        if (!Files.isDirectory(keyDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        keyDir.toFile().setWritable(true, true);
        Files.deleteIfExists(dest);
        Files.delete(keyDir);
    }

    /** The root, or a clear error when it is gone: an unmounted drive must not look like missing content. */
    private Path available() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("remote " + name() + ": directory " + root + " is not available (not mounted?)");
        }
        return root;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        dir.toFile().setWritable(true, true);
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path dir, IOException cause) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "directory remote " + name() + " at " + root;
    }
}
