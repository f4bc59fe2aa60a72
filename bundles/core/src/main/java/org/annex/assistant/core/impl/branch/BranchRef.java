package org.annex.assistant.core.impl.branch;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

import org.annex.assistant.api.annex.AnnexRefs;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * The git-annex branch's ref: its tip, read cheaply on every log read, its commits, and its moves, only
 * ever by compare-and-swap, since git-annex and a neighbour's push move it too.
 */
final class BranchRef {
    private final Repository repo;

    BranchRef(Repository repo) {
        this.repo = repo;
    }

    /** The branch tip, or null before the branch exists. */
    ObjectId tip() throws IOException {
        ObjectId loose = looseTip();
        if (loose != null) {
            return loose;
        }
        Ref ref = repo.exactRef(AnnexRefs.ANNEX_BRANCH);
        return ref == null ? null : ref.getObjectId();
    }

    /**
     * The branch tip from its loose ref file, read directly: readers ask for it on every log read, and
     * JGit's ref lookup costs far more than reading 41 bytes. Null when the ref is not a plain loose one.
     */
    private ObjectId looseTip() {
        File file = new File(repo.getDirectory(), AnnexRefs.ANNEX_BRANCH);
        if (!file.isFile()) {
            return null;
        }
        byte[] buf = new byte[Constants.OBJECT_ID_STRING_LENGTH + 1];
        int n = 0;
        try (FileInputStream in = new FileInputStream(file)) {
            for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0;) {
                n += r;
            }
        } catch (IOException e) {
            return null;
        }
        if (n < Constants.OBJECT_ID_STRING_LENGTH || (n > Constants.OBJECT_ID_STRING_LENGTH && buf[n - 1] != '\n')) {
            return null;
        }
        try {
            return ObjectId.fromString(buf, 0);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Creates the branch ("branch created", empty tree) unless it exists. Returns whether it did. */
    boolean create() throws IOException {
        if (tip() != null) {
            return false;
        }
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId empty = ins.insert(Constants.OBJ_TREE, new byte[0]);
            ObjectId commit = commit(ins, empty, Collections.emptyList(), "branch created");
            move(commit, ObjectId.zeroId(), "git-annex: branch created");
        }
        return true;
    }

    /** Writes (and flushes) a commit of {@code tree} by the repository's user. */
    ObjectId commit(ObjectInserter ins, ObjectId tree, List<ObjectId> parents, String message) throws IOException {
        CommitBuilder cb = new CommitBuilder();
        PersonIdent me = new PersonIdent(repo);
        cb.setAuthor(me);
        cb.setCommitter(me);
        cb.setTreeId(tree);
        cb.setParentIds(parents);
        cb.setMessage(message);
        ObjectId id = ins.insert(cb);
        ins.flush();
        return id;
    }

    /**
     * Compare-and-swap: moves the branch from {@code expected} (zero id: it must not exist) to {@code to}.
     *
     * @throws BranchMoved if someone else (git-annex, a neighbour's push) moved it meanwhile
     */
    void move(ObjectId to, ObjectId expected, String reason) throws IOException {
        RefUpdate u = repo.updateRef(AnnexRefs.ANNEX_BRANCH);
        u.setExpectedOldObjectId(expected);
        u.setNewObjectId(to);
        u.setRefLogMessage(reason, false);
        u.setForceUpdate(true);
        RefUpdate.Result r = u.update();
        switch (r) {
            case NEW: case FORCED: case FAST_FORWARD: case NO_CHANGE:
                return;
            case LOCK_FAILURE: case REJECTED:
                throw new BranchMoved("could not move " + AnnexRefs.ANNEX_BRANCH + " to " + to.name() + " (" + r
                        + "): it changed meanwhile");
            default:
                throw new IOException("could not move " + AnnexRefs.ANNEX_BRANCH + " to " + to.name() + " (" + r
                        + "): it changed meanwhile; the journal is kept and the next commit retries");
        }
    }
}
