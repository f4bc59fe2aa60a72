package org.annex.assistant.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A git-annex repository, made by git-annex itself, whose keys need every escape of git-annex's key file
 * names ({@code & % : /}), unlocked and locked, at depth 0 and 2: what our readers of pointers, symlinks,
 * object paths and location logs must read exactly as git-annex does.
 */
public final class OddKeysRepo {
    /** WORM, unlocked: git-annex names the key {@code WORM-s..-m..--a,38b%c:d.txt}. */
    public static final String UNLOCKED_WORM = "a&b%c:d.txt";
    /** WORM, locked. */
    public static final String LOCKED_WORM = "l&k%y:z.txt";
    /**
     * SHA256E, locked, two directories down. (A WORM key of a file in a directory holds the path, with its
     * {@code /}; our keys refuse a {@code /} outside URL keys, so none is made here.)
     */
    public static final String LOCKED_DEEP = "sub/deep/s&t%u:v.txt";
    /** SHA256E, unlocked, one directory down. */
    public static final String UNLOCKED_DEEP = "sub/u&n%i:t.dat";
    /** URL key {@code URL--http://example.com/a%b&c:d} ({@code registerurl} and {@code fromkey}), locked, no content. */
    public static final String LOCKED_URL = "u1.txt";
    public static final String URL_KEY = "URL--http://example.com/a%b&c:d";
    /** URL key made by {@code addurl --relaxed} (git-annex turns its {@code &} into {@code ,38}), unlocked, no content. */
    public static final String UNLOCKED_URL = "sub/u2.txt";

    private OddKeysRepo() {
    }

    /** Makes the repository (committed, the git-annex branch written) in a new temporary directory. */
    public static GitAnnexRepo create() throws IOException, InterruptedException {
        GitAnnexRepo repo = GitAnnexRepo.create("odd keys");
        write(repo, UNLOCKED_WORM, "unlocked worm\n");
        write(repo, LOCKED_WORM, "locked worm\n");
        repo.annex("add", "-q", "--backend=WORM", UNLOCKED_WORM, LOCKED_WORM);
        write(repo, LOCKED_DEEP, "locked deep\n");
        write(repo, UNLOCKED_DEEP, "unlocked deep\n");
        repo.annex("add", "-q", "--backend=SHA256E", LOCKED_DEEP, UNLOCKED_DEEP);
        repo.annex("registerurl", URL_KEY, "http://example.com/a%b&c:d");
        repo.annex("fromkey", "-q", "--force", URL_KEY, LOCKED_URL);
        repo.annex("addurl", "-q", "--relaxed", "http://example.com/x%y&z:w", "--file", UNLOCKED_URL);
        repo.annex("unlock", "-q", UNLOCKED_WORM, UNLOCKED_DEEP, UNLOCKED_URL);
        repo.git("commit", "-q", "-m", "odd keys");
        return repo;
    }

    /** Every annexed file of HEAD and its key, as {@code git annex lookupkey} gives them. */
    public static Map<String, String> keys(GitAnnexRepo repo) throws IOException, InterruptedException {
        Map<String, String> keys = new TreeMap<>();
        for (String path : new String[] {UNLOCKED_WORM, LOCKED_WORM, LOCKED_DEEP, UNLOCKED_DEEP, LOCKED_URL, UNLOCKED_URL}) {
            keys.put(path, repo.key(path));
        }
        return keys;
    }

    /** Reads one tree entry as some reader of annexed files does: its key, or empty for plain content. */
    public interface EntryReader {
        Optional<String> keyOf(int mode, String blob) throws IOException;
    }

    /** Every entry of HEAD that {@code reader} finds annexed, and its key: to compare with {@link #keys}. */
    public static Map<String, String> keysFoundBy(GitAnnexRepo repo, EntryReader reader)
            throws IOException, InterruptedException {
        Map<String, String> keys = new TreeMap<>();
        for (String entry : repo.git("ls-tree", "-r", "-z", "HEAD").split("\0")) {
            // <mode> SP <type> SP <object> TAB <path>
            String[] meta = entry.substring(0, entry.indexOf('\t')).split(" ");
            String path = entry.substring(entry.indexOf('\t') + 1);
            reader.keyOf(Integer.parseInt(meta[0], 8), meta[2]).ifPresent(k -> keys.put(path, k));
        }
        return keys;
    }

    private static void write(GitAnnexRepo repo, String path, String content) throws IOException {
        Path file = repo.dir().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
