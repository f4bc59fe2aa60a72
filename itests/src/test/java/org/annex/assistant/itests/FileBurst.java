package org.annex.assistant.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.annex.assistant.testsupport.Git;

/**
 * A burst of small files, decided from a seed before any is written, that remembers what each file must
 * hold: every other file is a few KB of random bytes (annexed under {@link #LARGEFILES}), the rest a line
 * of text (in git). {@link #problems} says, by file, what another repository lacks of it.
 */
final class FileBurst {
    /** The .gitattributes line that splits the burst: text lines to git, the random files to the annex. */
    static final String LARGEFILES = "* annex.largefiles=largerthan=4kb\n";
    private static final int ANNEXED_MIN_BYTES = 4097;
    private static final int SHOWN = 20;

    private final String folder;
    private final Map<String, byte[]> files = new TreeMap<>();
    private int annexed;

    /** {@code count} files under {@code folder/}, spread over 20 sub-folders. */
    FileBurst(String folder, int count, long seed) {
        this.folder = folder;
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            String name = folder + "/d" + (i % 20) + "/f" + i;
            if (i % 2 == 0) {
                byte[] b = new byte[ANNEXED_MIN_BYTES + random.nextInt(6000)];
                random.nextBytes(b);
                files.put(name + ".bin", b);
                annexed++;
            } else {
                files.put(name + ".txt", ("file " + i + " of burst " + seed + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    int size() {
        return files.size();
    }

    int annexed() {
        return annexed;
    }

    void writeInto(Path repo) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = repo.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    /** Whether every file is in {@code repo} with its bytes and nothing else is in the burst's folder. */
    boolean isIn(Path repo) {
        try {
            return problems(repo).isEmpty();
        } catch (IOException e) {
            return false; // a file being replaced as we read it
        }
    }

    /** How many of the files {@code repo} has with their bytes (-1 while a file is being replaced). */
    int arrivedIn(Path repo) {
        try {
            return classify(repo).get(Fate.ARRIVED).size();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * What {@code repo} lacks of the burst, one line per kind of problem with the files it concerns (the
     * first {@value #SHOWN}): missing, a pointer file where the content should be, other wrong bytes, and
     * files in the burst's folder that the burst did not write (a conflict's variant, say). Empty when all
     * is there.
     */
    List<String> problems(Path repo) throws IOException {
        Map<Fate, List<String>> fates = classify(repo);
        List<String> out = new ArrayList<>();
        for (Fate f : Fate.values()) {
            if (f != Fate.ARRIVED) {
                describe(out, f.description, fates.get(f));
            }
        }
        return out;
    }

    private enum Fate {
        ARRIVED(""), MISSING("missing"), POINTER("a pointer (or broken link) instead of the content"),
        WRONG("other bytes than were written"), UNEXPECTED("not written by the burst");

        final String description;

        Fate(String description) {
            this.description = description;
        }
    }

    private Map<Fate, List<String>> classify(Path repo) throws IOException {
        Map<Fate, List<String>> fates = new EnumMap<>(Fate.class);
        for (Fate f : Fate.values()) {
            fates.put(f, new ArrayList<>());
        }
        Map<String, String> tree = Files.isDirectory(repo.resolve(folder)) ? Git.tree(repo.resolve(folder)) : Map.of();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String actual = tree.get(f.getKey().substring(folder.length() + 1));
            Fate fate = actual == null ? Fate.MISSING
                    : Arrays.equals(f.getValue(), actual.getBytes(StandardCharsets.ISO_8859_1)) ? Fate.ARRIVED
                    : actual.startsWith("/annex/objects/") || actual.startsWith("-> ") ? Fate.POINTER : Fate.WRONG;
            fates.get(fate).add(f.getKey());
        }
        for (String rel : tree.keySet()) {
            if (!files.containsKey(folder + "/" + rel)) {
                fates.get(Fate.UNEXPECTED).add(folder + "/" + rel);
            }
        }
        return fates;
    }

    private static void describe(List<String> out, String what, List<String> names) {
        if (!names.isEmpty()) {
            out.add(names.size() + " file(s) " + what + ": " + String.join(", ", names.subList(0, Math.min(SHOWN, names.size())))
                    + (names.size() > SHOWN ? ", ..." : ""));
        }
    }
}
