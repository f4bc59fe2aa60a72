package org.annex.assistant.watcher.impl.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages a batch of {@link IndexOp}s in the git index and commits it, with JGit plumbing (DirCache, tree,
 * CommitBuilder, compare-and-swap ref update): git's porcelain would run the repository's git-annex
 * clean/smudge filters on every file. The ops are applied to the index as it is at commit time, so what git
 * or git-annex staged meanwhile is kept. After a commit the journal is committed too and
 * {@link Topics#WORKTREE_COMMITTED} is posted.
 */
public final class IndexCommit {
    private static final Logger LOG = LoggerFactory.getLogger(IndexCommit.class);

    /** What became of a batch. */
    public enum Outcome {
        /** A commit was made. */
        COMMITTED,
        /** The index matches HEAD: written, nothing to commit. */
        UNCHANGED,
        /** HEAD moved under us: the index holds the changes, {@link #dirty()} asks for another commit. */
        HEAD_MOVED,
        /** The index has unmerged entries: nothing done, the batch must wait until they are resolved. */
        UNMERGED
    }

    /** The last commit made, for the console. */
    public record LastCommit(String id, Instant time, int files) {
    }

    private final AnnexRepository annex;
    private final Repository git;
    private final Path workTree;
    private final EventSink events;
    private volatile boolean dirty;
    private volatile LastCommit last;
    private volatile long commits;

    public IndexCommit(AnnexRepository annex, Repository git, Path workTree, EventSink events) {
        this.annex = annex;
        this.git = git;
        this.workTree = workTree;
        this.events = events;
    }

    /** The index holds changes that are not committed yet (HEAD moved while committing them). */
    public boolean dirty() {
        return dirty;
    }

    public LastCommit last() {
        return last;
    }

    public long commits() {
        return commits;
    }

    /**
     * Applies the batch to the index and commits it on HEAD. Once committed, {@code recheck} receives the
     * paths to look at again and {@code rescan} the directories to scan (see {@link IndexOp#apply}).
     *
     * @throws LockFailedException the index is locked (git is running): nothing was done
     */
    public Outcome commit(List<IndexOp> batch, Consumer<String> recheck, Consumer<String> rescan) throws IOException {
        DirCache dc = git.lockDirCache();
        List<String> toRecheck = new ArrayList<>();
        List<String> toRescan = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        ObjectId commitId;
        try {
            TreeMap<String, DirCacheEntry> index = new TreeMap<>();
            for (int i = 0; i < dc.getEntryCount(); i++) {
                DirCacheEntry e = dc.getEntry(i);
                if (e.getStage() != DirCacheEntry.STAGE_0) {
                    LOG.warn("index of {} has unmerged entries ({}); not committing until they are resolved",
                            workTree, e.getPathString());
                    return Outcome.UNMERGED;
                }
                index.put(RawPaths.rawString(e.getRawPath()), e);
            }
            for (IndexOp op : batch) {
                op.apply(index, toRecheck::add, toRescan::add);
                paths.add(op.path());
            }
            DirCacheBuilder b = dc.builder();
            for (DirCacheEntry e : index.values()) {
                b.add(e);
            }
            b.finish();
            try (ObjectInserter ins = git.newObjectInserter(); RevWalk rw = new RevWalk(git)) {
                ObjectId treeId = dc.writeTree(ins);
                ObjectId head = git.resolve(Constants.HEAD + "^{commit}");
                if (head != null && rw.parseCommit(head).getTree().equals(treeId)) {
                    dc.write();
                    dc.commit();
                    dirty = false;
                    return Outcome.UNCHANGED;
                }
                String message = "git-annex in " + annex.description();
                commitId = ins.insert(commitOf(treeId, head, message));
                ins.flush();
                dc.write();
                dc.commit();
                if (!moveHead(rw, head, commitId, message)) {
                    // The index holds the changes; the next round commits them on top of whatever HEAD is then.
                    dirty = true;
                    return Outcome.HEAD_MOVED;
                }
            }
        } finally {
            dc.unlock();
        }
        dirty = false;
        toRecheck.forEach(recheck);
        toRescan.forEach(rescan);
        annex.commitJournal();
        last = new LastCommit(commitId.name(), Instant.now(), paths.size());
        commits++;
        LOG.debug("committed {} ({} paths) in {}", commitId.name(), paths.size(), workTree);
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.REPOSITORY, workTree.toString());
        props.put(Topics.COMMIT, commitId.name());
        props.put(Topics.FILES, paths.size());
        events.post(Topics.WORKTREE_COMMITTED, props);
        return Outcome.COMMITTED;
    }

    private CommitBuilder commitOf(ObjectId treeId, ObjectId head, String message) {
        PersonIdent ident = new PersonIdent(git);
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(treeId);
        if (head != null) {
            cb.setParentId(head);
        }
        cb.setAuthor(ident);
        cb.setCommitter(ident);
        cb.setMessage(message);
        return cb;
    }

    /** Moves HEAD from {@code head} to the commit, only if it still is there (compare and swap). */
    private boolean moveHead(RevWalk rw, ObjectId head, ObjectId commitId, String message) throws IOException {
        RefUpdate ru = git.updateRef(Constants.HEAD);
        ru.setNewObjectId(commitId);
        ru.setExpectedOldObjectId(head != null ? head : ObjectId.zeroId());
        ru.setRefLogMessage("commit: " + message, false);
        RefUpdate.Result r = ru.update(rw);
        if (r == RefUpdate.Result.NEW || r == RefUpdate.Result.FAST_FORWARD || r == RefUpdate.Result.FORCED) {
            return true;
        }
        LOG.warn("HEAD of {} moved while committing ({}); committing again", workTree, r);
        return false;
    }
}
