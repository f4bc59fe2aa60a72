package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.worktree.TreePaths;
import org.annex.assistant.core.worktree.UnsafePath;
import org.annex.assistant.gitsync.RefusedCommit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges what other clones pushed to us or our fetches brought: the git-annex branches first (union
 * merge, in core), then the work-tree branch from every place other clones put it (in memory, through
 * {@link TreeMerger}, applied by {@link WorkTreeUpdater}); posts {@link Topics#MERGED} when something moved,
 * then asks for the relay to the other remotes.
 *
 * <p>Merges run on a thread of this repository's own, one at a time and in the order asked: two merges at
 * once would race for the branch and the work tree, and a push that waits for "the merge after my fetch"
 * must get one that starts after the fetch.
 *
 * <p>A commit whose tree brings a path git would not check out ({@link TreePaths}) is refused whole before
 * any merge or write, and remembered ({@link RefusedCommits}); the other places are merged as usual.
 */
final class IncomingMerge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingMerge.class);

    private final AnnexRepository annex;
    private final Repository repo;
    private final String repositoryPath;
    private final WorkTreeUpdater updater;
    private final Supplier<List<String>> remoteNames;
    private final EventSink events;
    private final Runnable relay;
    private final ExecutorService mergeThread;
    private final RefusedCommits refused;
    /** A merge waited (uncommitted changes, or the branch moved meanwhile): the next look tries again. */
    private volatile boolean postponed;

    /**
     * @param remoteNames the remotes whose refs are merged
     * @param events posts with the repository's {@link Topics#REPOSITORY} already added
     * @param relay asked for after a merge that moved something (push to every remote)
     */
    IncomingMerge(AnnexRepository annex, Repository repo, Supplier<List<String>> remoteNames, EventSink events,
            Runnable relay) {
        this.annex = annex;
        this.repo = repo;
        this.repositoryPath = annex.workTree().toAbsolutePath().toString();
        this.updater = new WorkTreeUpdater(repo, annex);
        this.refused = new RefusedCommits(repositoryPath);
        this.remoteNames = remoteNames;
        this.events = events;
        this.relay = relay;
        this.mergeThread = Executors.newSingleThreadExecutor(
                NamedThreads.factory("gitsync-merge-" + annex.workTree().getFileName()));
    }

    /** The incoming commits refused for unsafe paths, oldest first. */
    List<RefusedCommit> refusedCommits() {
        return refused.list();
    }

    /** Whether the last merge waited and wants another try. */
    boolean postponed() {
        return postponed;
    }

    /** Merges on the merge thread; completes with whether anything moved (false when it failed). */
    CompletableFuture<Boolean> request() {
        try {
            return CompletableFuture.supplyAsync(this::mergeLogged, mergeThread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(false);
        }
    }

    /** Merges on the merge thread, then asks for the relay if anything moved. */
    void requestAndRelay() {
        request().thenAccept(moved -> {
            if (moved) {
                relay.run();
            }
        });
    }

    private boolean mergeLogged() {
        try {
            boolean moved = merge();
            if (moved) {
                // What the merge brought is in the branches (and the work tree) only now: the transfer
                // scanner looks again, since the look a received ref triggered may have come too early.
                events.post(Topics.MERGED, Map.of());
            }
            return moved;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: merging incoming changes failed", repositoryPath, e);
            return false;
        }
    }

    /**
     * Merges the git-annex branches first (so the location logs of the new files are known when the
     * tree arrives), then the work-tree branch from every place other clones put it. Returns whether
     * anything moved, i.e. whether there is something to relay. Runs in the calling thread.
     */
    boolean merge() throws IOException {
        postponed = false;
        List<String> names = remoteNames.get();
        List<String> annexRefs = new ArrayList<>();
        for (String r : names) {
            annexRefs.add(AnnexRefs.remoteTracking(r, AnnexRefs.ANNEX_BRANCH_NAME));
            annexRefs.add(AnnexRefs.remoteTracking(r, AnnexRefs.SYNCED_PREFIX + AnnexRefs.ANNEX_BRANCH_NAME));
        }
        annexRefs.add(AnnexRefs.SYNCED_ANNEX_BRANCH);
        annexRefs.removeIf(ref -> resolve(ref) == null);
        boolean changed = !annexRefs.isEmpty() && annex.mergeAnnexBranches(annexRefs);

        Ref head = repo.exactRef(Constants.HEAD);
        if (head == null || !head.isSymbolic() || !head.getTarget().getName().startsWith(Constants.R_HEADS)) {
            return changed;
        }
        String branchRef = head.getTarget().getName();
        String branch = Repository.shortenRefName(branchRef);
        List<String> candidates = new ArrayList<>();
        candidates.add(AnnexRefs.synced(branch));
        for (String r : names) {
            candidates.add(AnnexRefs.remoteTracking(r, AnnexRefs.SYNCED_PREFIX + branch));
            candidates.add(AnnexRefs.remoteTracking(r, branch));
        }
        for (String ref : candidates) {
            ObjectId id = resolve(ref);
            if (id != null) {
                changed |= mergeInto(branchRef, ref, id);
            }
        }
        advanceSyncedBranch(branchRef, AnnexRefs.synced(branch));
        return changed;
    }

    private boolean mergeInto(String branchRef, String refName, ObjectId theirsId) throws IOException {
        if (refused.contains(theirsId)) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId headId = resolve(branchRef);
            RevCommit theirs = walk.parseCommit(theirsId);
            RevCommit ours = headId == null ? null : walk.parseCommit(headId);
            if (ours != null && walk.isMergedInto(theirs, ours)) {
                return false;
            }
            List<UnsafePath> unsafe = unsafePaths(ours, theirs);
            if (!unsafe.isEmpty()) {
                refused.refuse(refName, theirsId, unsafe);
                return false;
            }
            RevCommit target;
            if (ours == null || walk.isMergedInto(ours, theirs)) {
                target = theirs;
            } else {
                TreeMerger.Outcome outcome = TreeMerger.merge(repo, ours, theirs);
                if (!outcome.merged()) {
                    // git-annex leaves such a conflict to the user and does not commit the merge; we do
                    // not write conflict markers into the user's files either: the merge waits.
                    LOG.warn("{}: cannot merge {}: both sides changed non-annexed files {}", repositoryPath,
                            refName, outcome.unresolved);
                    return false;
                }
                String message = outcome.conflictsResolved ? TreeMerger.CONFLICT_MESSAGE
                        : "Merge branch '" + refName + "'\n";
                target = walk.parseCommit(commit(outcome.tree, message, ours, theirs));
            }
            try {
                return apply(branchRef, ours, target, refName);
            } catch (UnsafeTreeException e) {
                // The merge made a path git refuses out of safe ones (a conflict variant): refused the same way.
                refused.refuse(refName, theirsId, e.paths());
                return false;
            }
        }
    }

    /** What {@code theirs} brings that git would not check out: only its paths that differ from ours. */
    private List<UnsafePath> unsafePaths(RevCommit ours, RevCommit theirs) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            return TreePaths.unsafeChanges(reader, ours == null ? null : ours.getTree(), theirs.getTree());
        }
    }

    private ObjectId commit(ObjectId tree, String message, ObjectId... parents) throws IOException {
        PersonIdent me = new PersonIdent(repo);
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        c.setParentIds(parents);
        c.setAuthor(me);
        c.setCommitter(me);
        c.setMessage(message);
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId id = inserter.insert(c);
            inserter.flush();
            return id;
        }
    }

    /**
     * Work tree first, then index, then the branch: a crash in between leaves new files that the watcher
     * commits (the same content as the merge, so nothing is lost or reverted). The index lock is held
     * throughout, so a commit by the watcher or by git cannot slip in between the check and the update.
     */
    private boolean apply(String branchRef, RevCommit ours, RevCommit target, String refName) throws IOException {
        DirCache index = repo.lockDirCache();
        try {
            ObjectId headNow = resolve(branchRef);
            if (!Objects.equals(headNow, ours == null ? null : ours.getId())) {
                postponed = true;
                return false;
            }
            List<String> blocked = updater.apply(index, ours == null ? null : ours.getTree(), target.getTree());
            if (!blocked.isEmpty()) {
                LOG.info("{}: merge of {} waits: uncommitted changes in {}", repositoryPath, refName, blocked);
                postponed = true;
                return false;
            }
            index.write();
            if (!index.commit()) {
                throw new IOException("could not write the index of " + repositoryPath);
            }
            RefUpdate update = repo.updateRef(branchRef);
            update.setExpectedOldObjectId(ours == null ? ObjectId.zeroId() : ours);
            update.setNewObjectId(target);
            update.setRefLogMessage("annex-assistant: merge " + refName, false);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NEW
                    && result != RefUpdate.Result.FORCED) {
                throw new IOException("could not move " + branchRef + " to " + target.name() + ": " + result);
            }
            LOG.info("{}: merged {} ({})", repositoryPath, refName, target.name());
        } finally {
            index.unlock();
        }
        restoreStatData();
        return true;
    }

    private void restoreStatData() throws IOException {
        DirCache index = repo.lockDirCache();
        try {
            updater.restoreStatData(index);
            index.write();
            index.commit();
        } finally {
            index.unlock();
        }
    }

    /** As {@code git branch -f synced/master master} in git annex sync, but only forward, never losing a push. */
    private void advanceSyncedBranch(String branchRef, String syncedRef) throws IOException {
        ObjectId head = resolve(branchRef);
        ObjectId synced = resolve(syncedRef);
        if (head == null || head.equals(synced)) {
            return;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            if (synced != null && !walk.isMergedInto(walk.parseCommit(synced), walk.parseCommit(head))) {
                return;
            }
        }
        RefUpdate update = repo.updateRef(syncedRef);
        update.setExpectedOldObjectId(synced == null ? ObjectId.zeroId() : synced);
        update.setNewObjectId(head);
        update.update();
    }

    private ObjectId resolve(String ref) {
        try {
            Ref r = repo.exactRef(ref);
            return r == null ? null : r.getObjectId();
        } catch (IOException e) {
            return null;
        }
    }

    /** Lets the merge under way (and those asked for) finish, for up to 30 s. */
    @Override
    public void close() {
        mergeThread.shutdown();
        try {
            mergeThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
