package org.annex.assistant.gitsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * An {@link AnnexRepository} backed by the git-annex CLI, for tests of this bundle before the core
 * bundle's implementation is at hand. Every operation is the real git-annex doing it.
 */
public final class CliAnnexRepository implements AnnexRepository {
    private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\":\"([0-9a-f-]+)\"");
    private final Path workTree;

    public CliAnnexRepository(Path workTree) {
        this.workTree = workTree.toAbsolutePath().normalize();
    }

    private String git(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Cli.run(workTree, cmd).trim();
    }

    @Override
    public String uuid() {
        try {
            return git("config", "annex.uuid");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String description() {
        try {
            return repositories().getOrDefault(uuid(), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
    public Key keyFor(Path file) throws IOException {
        return Key.parse(git("annex", "calckey", file.toString()));
    }

    @Override
    public Optional<Key> ingest(Path file) throws IOException {
        git("annex", "add", file.toString());
        return Optional.of(Key.parse(git("annex", "lookupkey", file.toString())));
    }

    @Override
    public boolean hasContent(Key key) {
        return Files.isRegularFile(contentPath(key));
    }

    @Override
    public Path contentPath(Key key) {
        return gitDir().resolve("annex/objects").resolve(key.objectPath());
    }

    @Override
    public void storeVerified(Key key, Path downloaded) throws IOException {
        Cli.Result r = Cli.runAllowingFailure(workTree, "git", "annex", "reinject", "--known", downloaded.toString());
        if (r.exit != 0 || !hasContent(key)) {
            Files.deleteIfExists(downloaded);
            throw new IOException("content does not match " + key + ": " + r.err);
        }
    }

    @Override
    public Set<String> locations(Key key) throws IOException {
        Set<String> uuids = new TreeSet<>();
        Matcher m = UUID_FIELD.matcher(git("annex", "whereis", "--json", "--key", key.toString()));
        while (m.find()) {
            uuids.add(m.group(1));
        }
        return uuids;
    }

    @Override
    public void setLocation(Key key, String uuid, boolean present) throws IOException {
        git("annex", "setpresentkey", key.toString(), uuid, present ? "1" : "0");
    }

    @Override
    public void commitJournal() throws IOException {
        // Each git-annex command commits its journal when it ends; this one changes nothing else.
        git("annex", "info", "--fast");
    }

    /**
     * The union merge of git-annex, done by hand: {@code git annex merge} would also merge synced/master
     * into the checked-out branch with git itself, which is this bundle's job.
     */
    @Override
    public boolean mergeAnnexBranches(Iterable<String> refs) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir().toFile()).build();
                RevWalk walk = new RevWalk(repo);
                ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId start = repo.resolve("refs/heads/git-annex");
            ObjectId current = start;
            for (String ref : refs) {
                ObjectId id = repo.resolve(ref);
                if (id == null) {
                    continue;
                }
                RevCommit theirs = walk.parseCommit(id);
                if (current == null) {
                    current = theirs;
                    continue;
                }
                RevCommit ours = walk.parseCommit(current);
                if (walk.isMergedInto(theirs, ours)) {
                    continue;
                }
                if (walk.isMergedInto(ours, theirs)) {
                    current = theirs;
                    continue;
                }
                current = unionCommit(repo, inserter, ours, theirs, ref);
            }
            if (current == null || current.equals(start)) {
                return false;
            }
            inserter.flush();
            RefUpdate update = repo.updateRef("refs/heads/git-annex");
            update.setExpectedOldObjectId(start == null ? ObjectId.zeroId() : start);
            update.setNewObjectId(current);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NEW) {
                throw new IOException("git-annex branch update failed: " + result);
            }
            return true;
        }
    }

    private static ObjectId unionCommit(Repository repo, ObjectInserter inserter, RevCommit ours, RevCommit theirs,
            String ref) throws IOException {
        Map<String, ObjectId> merged = new TreeMap<>(files(repo, ours));
        for (Map.Entry<String, ObjectId> e : files(repo, theirs).entrySet()) {
            ObjectId mine = merged.get(e.getKey());
            if (mine == null || mine.equals(e.getValue())) {
                merged.put(e.getKey(), e.getValue());
                continue;
            }
            TreeSet<String> lines = new TreeSet<>();
            for (ObjectId blob : List.of(mine, e.getValue())) {
                String text = new String(repo.open(blob).getCachedBytes(), StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    if (!line.isEmpty()) {
                        lines.add(line);
                    }
                }
            }
            merged.put(e.getKey(), inserter.insert(Constants.OBJ_BLOB,
                    (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        DirCache tree = DirCache.newInCore();
        DirCacheBuilder builder = tree.builder();
        merged.forEach((path, blob) -> {
            DirCacheEntry entry = new DirCacheEntry(path);
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(blob);
            builder.add(entry);
        });
        builder.finish();
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree.writeTree(inserter));
        commit.setParentIds(ours, theirs);
        PersonIdent me = new PersonIdent(repo);
        commit.setAuthor(me);
        commit.setCommitter(me);
        commit.setMessage("merging " + ref + " into git-annex");
        return inserter.insert(commit);
    }

    private static Map<String, ObjectId> files(Repository repo, RevCommit commit) throws IOException {
        Map<String, ObjectId> files = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.put(walk.getPathString(), walk.getObjectId(0));
            }
        }
        return files;
    }

    @Override
    public Map<String, String> repositories() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : git("show", "git-annex:uuid.log").split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length >= 2) {
                out.put(parts[0], line.substring(parts[0].length() + 1, line.lastIndexOf(" timestamp=")));
            }
        }
        return out;
    }

    @Override
    public boolean wants(String uuid, Key key, String file) throws IOException {
        String expression = git("annex", "wanted", uuid);
        if (expression.isEmpty()) {
            return true;
        }
        return Cli.runAllowingFailure(workTree, "git", "annex", "matchexpression", expression, "--file=" + file,
                "--key=" + key).exit == 0;
    }

    @Override
    public int numCopies() throws IOException {
        String n = git("annex", "numcopies");
        return n.matches("\\d+") ? Integer.parseInt(n) : 1;
    }
}
