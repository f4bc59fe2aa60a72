package org.annex.assistant.gitsync.impl.push;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.gitsync.impl.health.RemoteHealth;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One push of {@code git annex sync}'s refs to one remote, and a fetch from one: the refs to push, the
 * reading of the outcome, once more after a "failed to lock", and after a non-fast-forward a fetch, a
 * merge and another push. Outcomes go to {@link RemoteHealth}. Callers run at most one push or fetch per
 * remote at a time ({@link RemotePushes}).
 */
public final class SyncPush {
    private static final Logger LOG = LoggerFactory.getLogger(SyncPush.class);

    private final Repository repo;
    private final String repositoryPath;
    private final PushRoute route;
    private final GitTransport transport;
    private final RemoteHealth health;
    private final NeighbourRepositories neighbours;
    /** Runs a merge of what arrived on the merge thread (the fetch after a non-fast-forward brought it). */
    private final Supplier<Future<?>> merge;

    public SyncPush(Repository repo, String repositoryPath, PushRoute route, GitTransport transport, RemoteHealth health,
            NeighbourRepositories neighbours, Supplier<Future<?>> merge) {
        this.repo = repo;
        this.repositoryPath = repositoryPath;
        this.route = route;
        this.transport = transport;
        this.health = health;
        this.neighbours = neighbours;
        this.merge = merge;
    }

    /** Fetches from the remote; a failure is recorded in its health. */
    public void fetch(String remote) {
        try {
            transport.fetch(remote);
        } catch (GitAPIException | JGitInternalException e) {
            health.failed(remote, "fetch", e);
        }
    }

    /**
     * The refs of {@code git annex sync}: the branch to synced/branch and the git-annex branch (forced)
     * to synced/git-annex, which any clone accepts; then git-annex and the branch themselves, which a
     * non-bare remote refuses for its checked-out branch (harmless). A non-fast-forward on synced/branch
     * means the remote got changes we lack: fetch, merge, and push once more.
     */
    public void push(String remote, boolean retryAfterMerge) {
        try {
            Ref head = repo.exactRef(Constants.HEAD);
            List<RefSpec> specs = new ArrayList<>();
            String syncedBranch = null;
            if (head != null && head.isSymbolic() && head.getObjectId() != null) {
                String branchRef = head.getTarget().getName();
                syncedBranch = AnnexRefs.synced(Repository.shortenRefName(branchRef));
                specs.add(new RefSpec(branchRef + ":" + syncedBranch));
            }
            if (repo.exactRef(AnnexRefs.ANNEX_BRANCH) != null) {
                specs.add(new RefSpec("+" + AnnexRefs.ANNEX_BRANCH + ":" + AnnexRefs.SYNCED_ANNEX_BRANCH));
                specs.add(new RefSpec(AnnexRefs.ANNEX_BRANCH + ":" + AnnexRefs.ANNEX_BRANCH));
            }
            PushTarget target = PushTarget.of(remote, health.url(remote), repo.getWorkTree());
            if (syncedBranch != null && !checkedOutInLocalRemote(target, head.getTarget().getName())) {
                specs.add(new RefSpec(head.getTarget().getName() + ":" + head.getTarget().getName()));
            }
            if (specs.isEmpty()) {
                return;
            }
            List<String> problems = new ArrayList<>();
            boolean rejected = false;
            for (PushedRef u : route.push(target, specs)) {
                boolean essential = u.remoteName().startsWith(AnnexRefs.SYNCED_HEADS);
                RemoteRefUpdate.Status s = u.status();
                if (!essential || s == RemoteRefUpdate.Status.OK || s == RemoteRefUpdate.Status.UP_TO_DATE) {
                    continue;
                }
                if (s == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
                    rejected = true;
                }
                problems.add(u.remoteName() + ": " + s + (u.message() == null ? "" : " " + u.message()));
            }
            if (problems.isEmpty()) {
                health.succeeded(remote);
                return;
            }
            if (!rejected && retryAfterMerge) {
                // Typically "failed to lock": the remote's daemon was moving the same ref. Once more.
                LOG.info("{}: remote {}: {}; pushing again", repositoryPath, remote, problems);
                Thread.sleep(200);
                push(remote, false);
                return;
            }
            if (!rejected || !retryAfterMerge) {
                health.failed(remote, "push", new IOException(String.join("; ", problems)));
                return;
            }
            transport.fetch(remote);
        } catch (GitAPIException | JGitInternalException | IOException e) {
            health.failed(remote, "push", e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            merge.get().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            health.failed(remote, "merge", e);
            return;
        }
        push(remote, false);
    }

    /**
     * git-receive-pack refuses to move the branch checked out in a non-bare repository (its work tree
     * would silently disagree with HEAD); JGit's in-process transport for local paths does not, so the
     * same check is made here before pushing the branch itself. An unborn branch counts as checked out
     * (pushing would create it behind the work tree's back).
     */
    private boolean checkedOutInLocalRemote(PushTarget target, String branchRef) {
        if (!target.isLocal()) {
            return false;
        }
        try {
            // The repository core keeps open: this runs before every push, many a second in a burst.
            Repository remote = neighbours.repository(target.localGitDir().get().toPath());
            String checkedOut = remote.getFullBranch();
            return checkedOut == null || (!remote.isBare() && branchRef.equals(checkedOut));
        } catch (IOException | IllegalArgumentException e) {
            // Unreadable: assume it is checked out; not pushing the branch itself is always safe.
            return true;
        }
    }
}
