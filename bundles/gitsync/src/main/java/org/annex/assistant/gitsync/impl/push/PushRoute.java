package org.annex.assistant.gitsync.impl.push;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The one place that chooses how a push travels: to a local path, as loose objects when the push is
 * small ({@link LocalLoosePush}), else through JGit's transport ({@link TransportPush}); to anything else,
 * through the transport.
 */
public final class PushRoute {
    private final List<RemotePusher> toLocalPath;
    private final List<RemotePusher> toOthers;

    public PushRoute(LocalLoosePush loose, TransportPush transport) {
        this.toLocalPath = List.of(loose, transport);
        this.toOthers = List.of(transport);
    }

    /** The ways to try for this target, in order: the first that takes the push does it. */
    List<RemotePusher> ways(PushTarget target) {
        return target.isLocal() ? toLocalPath : toOthers;
    }

    /** Pushes {@code specs} to the target the first way that takes it. */
    public List<PushedRef> push(PushTarget target, List<RefSpec> specs) throws IOException, GitAPIException {
        for (RemotePusher way : ways(target)) {
            Optional<List<PushedRef>> done = way.push(target, specs);
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new IOException("no way to push to " + target.remote());
    }
}
