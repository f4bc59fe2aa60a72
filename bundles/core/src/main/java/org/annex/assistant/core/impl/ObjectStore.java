package org.annex.assistant.core.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import org.annex.assistant.api.annex.Key;

/**
 * {@code .git/annex/objects/<hashdirmixed>/<keyfile>/<keyfile>}. Content enters only by atomic rename of
 * a file already verified (or hashed) under {@code .git/annex/tmp}, then loses its write bits as git-annex
 * does (file 444, key directory 555), so a crash never leaves a partial object.
 */
final class ObjectStore {
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> DIR_READ_ONLY = PosixFilePermissions.fromString("r-xr-xr-x");
    private static final Set<PosixFilePermission> DIR_WRITABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path objects;
    private final Path tmp;

    ObjectStore(Path annexDir) {
        this.objects = annexDir.resolve("objects");
        this.tmp = annexDir.resolve("tmp");
    }

    Path contentPath(Key key) {
        return objects.resolve(key.objectPath());
    }

    boolean has(Key key) {
        return Files.isRegularFile(contentPath(key));
    }

    Path tmpDir() throws IOException {
        return Files.createDirectories(tmp);
    }

    /**
     * Verifies {@code file} against the key and moves it in. A file that does not match is deleted and
     * the exception says why; content already present is kept and the file dropped.
     */
    void storeVerified(Key key, Path file) throws IOException {
        String wrong;
        try {
            wrong = KeyHasher.mismatch(key, file);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (wrong != null) {
            Files.deleteIfExists(file);
            throw new IOException("content for " + key + " rejected: " + wrong);
        }
        Path staged = file;
        if (!file.toAbsolutePath().normalize().startsWith(tmp.toAbsolutePath().normalize())) {
            // A rename across file systems is not atomic: copy next to the store first.
            staged = Files.createTempFile(tmpDir(), "store", ".tmp");
            Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
            if (KeyHasher.mismatch(key, staged) != null) {
                Files.deleteIfExists(staged);
                throw new IOException("content for " + key + " changed while being copied into the store");
            }
            Files.delete(file);
        }
        moveIn(key, staged);
    }

    /** Renames a verified file into the object store and write-protects it. */
    void moveIn(Key key, Path verified) throws IOException {
        Path dest = contentPath(key);
        Path keyDir = dest.getParent();
        if (Files.isRegularFile(dest)) {
            Files.deleteIfExists(verified);
            return;
        }
        Files.createDirectories(keyDir.getParent());
        if (Files.exists(keyDir)) {
            Files.setPosixFilePermissions(keyDir, DIR_WRITABLE);
        } else {
            Files.createDirectory(keyDir);
        }
        try {
            Files.setPosixFilePermissions(verified, READ_ONLY);
            Files.move(verified, dest, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.setPosixFilePermissions(keyDir, DIR_READ_ONLY);
        }
    }

    /**
     * Copies a work-tree file into the store, hashing it in the same read. Returns empty if its size or
     * modification time changed meanwhile (it was being written): nothing is stored then.
     */
    Optional<Key> ingest(Path file, String backend, String nameForExtension) throws IOException {
        long sizeBefore = Files.size(file);
        FileTime mtimeBefore = Files.getLastModifiedTime(file);
        Path staged = Files.createTempFile(tmpDir(), "ingest", ".tmp");
        try {
            MessageDigest md = KeyHasher.digest(backend);
            long size;
            try (OutputStream out = Files.newOutputStream(staged)) {
                size = KeyHasher.hash(file, md, out);
            }
            if (size != sizeBefore || Files.size(file) != sizeBefore
                    || !Files.getLastModifiedTime(file).equals(mtimeBefore)) {
                return Optional.empty();
            }
            Key key = KeyHasher.keyOf(backend, md.digest(), size, nameForExtension);
            moveIn(key, staged);
            return Optional.of(key);
        } finally {
            Files.deleteIfExists(staged);
        }
    }
}
