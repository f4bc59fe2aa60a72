package org.annex.assistant.gitsync.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.annex.assistant.core.worktree.UnsafePath;
import org.annex.assistant.gitsync.RefusedCommit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incoming commits of one repository refused for unsafe paths: each is logged once, shown on the
 * console, and never merged again (a ref watcher that wakes up for every push would otherwise try the
 * same commit, and log it, forever). The newest {@value #KEPT} are kept; a peer that keeps sending new
 * bad commits gets each refused on its own merits.
 */
final class RefusedCommits {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedCommits.class);
    static final int KEPT = 100;

    private final String repositoryPath;
    private final Map<ObjectId, RefusedCommit> refused = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, RefusedCommit> eldest) {
            return size() > KEPT;
        }
    };

    RefusedCommits(String repositoryPath) {
        this.repositoryPath = repositoryPath;
    }

    synchronized boolean contains(ObjectId commit) {
        return refused.containsKey(commit);
    }

    /** Records and logs a refusal; {@code ref} names where it was found, and so the remote it came from. */
    synchronized void refuse(String ref, ObjectId commit, List<UnsafePath> paths) {
        if (refused.containsKey(commit)) {
            return;
        }
        String remote = remoteOf(ref);
        List<String> shown = new ArrayList<>();
        paths.forEach(p -> shown.add(p.toString()));
        refused.put(commit.copy(), new RefusedCommit(remote, ref, commit.name(), shown, Instant.now()));
        LOG.warn("{}: refusing commit {} from {} ({}): its tree has paths git would not check out, nothing of it"
                + " is written and it will not be merged: {}", repositoryPath, commit.name(), remote, ref, shown);
    }

    synchronized List<RefusedCommit> list() {
        return new ArrayList<>(refused.values());
    }

    /** {@code refs/remotes/NAME/...} came from remote NAME; a ref in refs/heads was pushed to us by a peer. */
    static String remoteOf(String ref) {
        if (ref.startsWith(Constants.R_REMOTES)) {
            String rest = ref.substring(Constants.R_REMOTES.length());
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return "a peer that pushed " + Repository.shortenRefName(ref);
    }
}
