package org.annex.assistant.gitsync.impl.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.api.concurrent.Coalescer;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook program of one repository: run when the refs we sync (the checked-out branch, the git-annex
 * branch) have new values that went out to the remotes, so people can signal other machines their own way.
 *
 * <p>It is asked after each round of pushes; the runs are coalesced (one at a time, the asks meanwhile
 * share the next) on a thread of its own, so a slow or hanging hook delays no push, fetch or merge. What it
 * was last told is kept in {@code .git/annex-assistant/hook-announced}: a push round that sends nothing new
 * (a relay, a retry, the same change reaching another remote) and a restart do not run it again for the
 * same change. A failure (exit status, timeout, cannot start) is logged with its output and counts as told:
 * it is not retried, which could run it twice for one change.
 *
 * <p>Environment: {@code ANNEX_ASSISTANT_REPOSITORY} (the work tree), {@code ANNEX_ASSISTANT_CHANGED_REFS}
 * ({@code ref=sha} for each ref that moved, space-separated), {@code ANNEX_ASSISTANT_REMOTES} (the remotes
 * whose last push succeeded, space-separated).
 */
public final class ChangeHook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeHook.class);
    public static final String ENV_REPOSITORY = "ANNEX_ASSISTANT_REPOSITORY";
    public static final String ENV_CHANGED_REFS = "ANNEX_ASSISTANT_CHANGED_REFS";
    public static final String ENV_REMOTES = "ANNEX_ASSISTANT_REMOTES";

    private final Repository repo;
    private final HookProgram program;
    private final Supplier<List<String>> reachedRemotes;
    private final Path announcedFile;
    private final Path outputFile;
    private final ScheduledExecutorService thread;
    private final Coalescer runs;

    /** @param reachedRemotes the remotes whose last push succeeded, asked at each run */
    public ChangeHook(Repository repo, HookProgram program, Supplier<List<String>> reachedRemotes) {
        this.repo = repo;
        this.program = program;
        this.reachedRemotes = reachedRemotes;
        Path state = repo.getDirectory().toPath().resolve("annex-assistant");
        this.announcedFile = state.resolve("hook-announced");
        this.outputFile = state.resolve("hook.log");
        this.thread = NamedThreads.scheduler("gitsync-hook-" + repo.getWorkTree().getName(), 1);
        this.runs = new Coalescer(thread, 0, this::runIfChanged);
    }

    /** Asks for a run if the synced refs moved since the last one; returns at once. */
    public void request() {
        runs.request();
    }

    private void runIfChanged() {
        try {
            Map<String, ObjectId> now = syncedRefs();
            Map<String, ObjectId> told = readAnnounced();
            Map<String, ObjectId> changed = new LinkedHashMap<>();
            now.forEach((ref, id) -> {
                if (!id.equals(told.get(ref))) {
                    changed.put(ref, id);
                }
            });
            if (changed.isEmpty()) {
                return;
            }
            // Recorded before the run: a crash or restart during it must not run it again for this change.
            writeAnnounced(now);
            List<String> refs = new ArrayList<>();
            changed.forEach((ref, id) -> refs.add(ref + "=" + id.name()));
            Map<String, String> env = Map.of(ENV_REPOSITORY, repo.getWorkTree().getAbsolutePath(),
                    ENV_CHANGED_REFS, String.join(" ", refs), ENV_REMOTES, String.join(" ", reachedRemotes.get()));
            HookProgram.Outcome outcome = program.run(repo.getWorkTree(), env, outputFile);
            if (!outcome.ok()) {
                LOG.warn("{}: hook {} {}: {}", repo.getWorkTree(), program.program(),
                        outcome.timedOut() ? "timed out" : "exited with " + outcome.exitCode(), outcome.output());
            }
        } catch (IOException e) {
            LOG.warn("{}: hook {} failed: {}", repo.getWorkTree(), program.program(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{}: hook {} failed", repo.getWorkTree(), program.program(), e);
        }
    }

    /** The checked-out branch and the git-annex branch, as they are now. */
    private Map<String, ObjectId> syncedRefs() throws IOException {
        Map<String, ObjectId> refs = new TreeMap<>();
        Ref head = repo.exactRef(Constants.HEAD);
        if (head != null && head.isSymbolic() && head.getObjectId() != null) {
            refs.put(head.getTarget().getName(), head.getObjectId());
        }
        Ref annex = repo.exactRef(AnnexRefs.ANNEX_BRANCH);
        if (annex != null && annex.getObjectId() != null) {
            refs.put(annex.getName(), annex.getObjectId());
        }
        return refs;
    }

    private Map<String, ObjectId> readAnnounced() throws IOException {
        Map<String, ObjectId> told = new TreeMap<>();
        if (Files.exists(announcedFile)) {
            for (String line : Files.readAllLines(announcedFile, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ");
                if (parts.length == 2 && ObjectId.isId(parts[1])) {
                    told.put(parts[0], ObjectId.fromString(parts[1]));
                }
            }
        }
        return told;
    }

    private void writeAnnounced(Map<String, ObjectId> refs) throws IOException {
        StringBuilder b = new StringBuilder();
        refs.forEach((ref, id) -> b.append(ref).append(' ').append(id.name()).append('\n'));
        Files.createDirectories(announcedFile.getParent());
        Path tmp = announcedFile.resolveSibling(announcedFile.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, announcedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        runs.close();
        thread.shutdownNow();
    }
}
