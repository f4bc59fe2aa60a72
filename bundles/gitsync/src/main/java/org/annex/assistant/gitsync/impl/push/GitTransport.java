package org.annex.assistant.gitsync.impl.push;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.ssh.SshConnections;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;

/**
 * JGit's transport for one repository's remotes, as fetch and the pack push use it: the timeout after
 * which a stalled remote fails, and the shared SSH connection when the ssh service is there.
 */
public final class GitTransport {
    private final Repository repo;
    private final Git git;
    private final Duration timeout;
    private final Supplier<SshConnections> ssh;

    public GitTransport(Repository repo, Duration timeout, Supplier<SshConnections> ssh) {
        this.repo = repo;
        this.git = new Git(repo);
        this.timeout = timeout;
        this.ssh = ssh;
    }

    /** Fetches from the remote; without a configured refspec, every branch to refs/remotes/REMOTE/. */
    public void fetch(String remote) throws GitAPIException {
        var fetch = git.fetch().setRemote(remote).setTimeout(timeoutSeconds()).setTransportConfigCallback(this::configure);
        if (repo.getConfig().getStringList("remote", remote, "fetch").length == 0) {
            fetch.setRefSpecs(new RefSpec("+refs/heads/*:" + AnnexRefs.remoteTracking(remote, "*")));
        }
        fetch.call();
    }

    /** Pushes through JGit's transport (for a local path, its in-process one, which writes a pack). */
    Iterable<PushResult> push(String remote, List<RefSpec> specs) throws GitAPIException {
        return git.push().setRemote(remote).setRefSpecs(specs).setTimeout(timeoutSeconds())
                .setTransportConfigCallback(this::configure).call();
    }

    private void configure(Transport transport) {
        SshConnections connections = ssh.get();
        if (connections != null) {
            connections.configure(transport);
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, timeout.toSeconds());
    }
}
