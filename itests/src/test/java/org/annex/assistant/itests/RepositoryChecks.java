package org.annex.assistant.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.annex.assistant.testsupport.Git;

/**
 * What must hold of a repository that a daemon served, by git-annex's and git's own judgement, each check
 * returning the lines that show what is wrong (empty: it passes) so that a failure names the file.
 */
final class RepositoryChecks {
    /**
     * The names git-annex gives its keys' files (and so its partial downloads): a hash backend's
     * BACKEND-sSIZE--HEXDIGEST with at most two extensions of up to 4 characters (annex.maxextensionlength),
     * or a WORM or URL key. {@code KEY.upload} or {@code ingest123.tmp} is another program's temporary file.
     */
    private static final Pattern KEY_FILE_NAME = Pattern.compile(
            "[A-Z0-9]+-s[0-9]+(-[a-zA-Z][0-9]+)*--[0-9a-f]{32,128}(\\.[A-Za-z0-9]{1,4}){0,2}|(WORM|URL)-[^/]*--[^/]+");

    private RepositoryChecks() {
    }

    /** {@code git annex fsck}: every line it prints in quiet mode is a problem, as is a non-zero exit. */
    static List<String> annexFsck(Path repo) throws IOException, InterruptedException {
        return problems("git annex fsck", Git.tryRun(repo, "git", "annex", "fsck", "--quiet"));
    }

    /** {@code git fsck}: dangling objects are fine (our merges and pushes leave some, as git's do). */
    static List<String> gitFsck(Path repo) throws IOException, InterruptedException {
        return problems("git fsck", Git.tryRun(repo, "git", "fsck", "--no-progress", "--no-dangling"));
    }

    private static List<String> problems(String what, Git.Result r) {
        List<String> lines = Git.lines(r.output);
        if (r.exitCode == 0 && lines.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(what + " exited with " + r.exitCode + ":");
        out.addAll(lines);
        return out;
    }

    /**
     * Files in {@code .git/annex/tmp} that git-annex would not tolerate. It keeps a partial download there
     * under the key's name, resumes it the next time that key is fetched, and prunes it in
     * {@code git annex unused} once the content is here by another way; a file of any other name is another
     * program's temporary file, left over.
     */
    static List<String> leftoverTemporaryFiles(Path repo) throws IOException {
        Path tmp = repo.resolve(".git").resolve("annex").resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                if (!KEY_FILE_NAME.matcher(p.getFileName().toString()).matches()) {
                    out.add(tmp.relativize(p) + " (" + Files.size(p) + " bytes)");
                }
            }
        }
        return out;
    }
}
