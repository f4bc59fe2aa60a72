package org.annex.assistant.gitsync.impl.push;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/** A push through JGit's transport (ssh, file, ...): takes every push. */
public final class TransportPush implements RemotePusher {
    private final GitTransport transport;

    public TransportPush(GitTransport transport) {
        this.transport = transport;
    }

    @Override
    public Optional<List<PushedRef>> push(PushTarget target, List<RefSpec> specs) throws GitAPIException {
        List<PushedRef> out = new ArrayList<>();
        for (PushResult result : transport.push(target.remote(), specs)) {
            for (RemoteRefUpdate u : result.getRemoteUpdates()) {
                out.add(new PushedRef(u.getRemoteName(), u.getStatus(), u.getMessage()));
            }
        }
        return Optional.of(out);
    }
}
