package org.annex.assistant.watcher.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;

/**
 * An AnnexRepository backed by the real git-annex CLI, for the watcher's tests until core's implementation
 * is wired in: keys from {@code git annex calckey --batch}, content copied into the object store with
 * git-annex's permissions, presence recorded with {@code git annex setpresentkey --batch} (whose exit
 * commits the journal). Only what the watcher uses is offered.
 */
final class CliAnnexRepository implements AnnexRepository {
    private final Path workTree;
    private final String uuid;
    private final String description;
    final AtomicInteger ingests = new AtomicInteger();
    private BatchProcess calckey;
    private BatchProcess setpresent;

    /** A long-running git-annex batch command: one line in, one line out. */
    private static final class BatchProcess {
        final Process process;
        final Writer in;
        final BufferedReader out;

        BatchProcess(Path dir, String... command) throws IOException {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String ask(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            String answer = out.readLine();
            if (answer == null) {
                throw new IOException("git-annex batch process ended");
            }
            return answer;
        }

        void close() throws IOException {
            in.close();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    CliAnnexRepository(Path workTree, String description) throws IOException {
        this.workTree = workTree.toRealPath();
        this.description = description;
        this.uuid = TestRepos.git(this.workTree, "config", "annex.uuid").trim();
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Path workTree() {
        return workTree;
    }

    @Override
    public Path gitDir() {
        return workTree.resolve(".git");
    }

    @Override
    public synchronized Key keyFor(Path file) throws IOException {
        if (calckey == null) {
            calckey = new BatchProcess(workTree, "git", "annex", "calckey", "--batch");
        }
        return Key.parse(calckey.ask(file.toAbsolutePath().toString()));
    }

    @Override
    public synchronized Optional<Key> ingest(Path file) throws IOException {
        ingests.incrementAndGet();
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Key key = keyFor(file);
        Path tmp = gitDir().resolve("annex/tmp");
        Files.createDirectories(tmp);
        Path copy = Files.createTempFile(tmp, "ingest", ".tmp");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (after.size() != before.size() || !after.lastModifiedTime().equals(before.lastModifiedTime())
                || !sameKey(copy, file, key)) {
            Files.delete(copy);
            return Optional.empty();
        }
        Path object = contentPath(key);
        if (!Files.exists(object)) {
            Files.createDirectories(object.getParent());
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r--r--"));
            Files.move(copy, object, StandardCopyOption.ATOMIC_MOVE);
            Files.setPosixFilePermissions(object.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        } else {
            Files.delete(copy);
        }
        setLocation(key, uuid, true);
        return Optional.of(key);
    }

    /** The copy hashes to the key (checked under the original name, since SHA256E keys carry the extension). */
    private boolean sameKey(Path copy, Path original, Key key) throws IOException {
        Path named = copy.resolveSibling("check-" + original.getFileName());
        Files.move(copy, named);
        try {
            return keyFor(named).equals(key);
        } finally {
            Files.move(named, copy);
        }
    }

    @Override
    public boolean hasContent(Key key) {
        return Files.exists(contentPath(key));
    }

    @Override
    public Path contentPath(Key key) {
        return gitDir().resolve("annex/objects").resolve(key.objectPath());
    }

    @Override
    public void storeVerified(Key key, Path downloaded) {
        throw new UnsupportedOperationException("the watcher does not download");
    }

    @Override
    public Set<String> locations(Key key) throws IOException {
        Set<String> out = new HashSet<>();
        for (String line : TestRepos.git(workTree, "annex", "whereis", "--key=" + key, "--format=${uuid}\\n")
                .split("\n")) {
            if (!line.isBlank()) {
                out.add(line.trim());
            }
        }
        return out;
    }

    @Override
    public synchronized void setLocation(Key key, String uuid, boolean present) throws IOException {
        if (setpresent == null) {
            setpresent = new BatchProcess(workTree, "git", "annex", "setpresentkey", "--batch");
        }
        String answer = setpresent.ask(key + " " + uuid + " " + (present ? "1" : "0"));
        if (!answer.endsWith(" ok")) {
            throw new IOException("setpresentkey failed: " + answer);
        }
    }

    @Override
    public synchronized void commitJournal() throws IOException {
        if (setpresent != null) {
            setpresent.close();
            setpresent = null;
        }
    }

    @Override
    public boolean mergeAnnexBranches(Iterable<String> refs) {
        throw new UnsupportedOperationException("the watcher does not merge");
    }

    @Override
    public Map<String, String> repositories() {
        return Map.of(uuid, description);
    }

    @Override
    public boolean wants(String uuid, Key key, String file) {
        throw new UnsupportedOperationException("the watcher does not decide preferred content");
    }

    @Override
    public int numCopies() {
        return 1;
    }

    synchronized void close() throws IOException {
        commitJournal();
        if (calckey != null) {
            calckey.close();
            calckey = null;
        }
    }
}
