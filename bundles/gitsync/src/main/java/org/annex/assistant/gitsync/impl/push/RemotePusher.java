package org.annex.assistant.gitsync.impl.push;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;

/** One way of pushing refs to a remote. {@link PushRoute} picks the ways for a target, in order. */
public interface RemotePusher {
    /**
     * Pushes {@code specs} (each {@code [+]src:dst}, src a ref of ours) to the target.
     *
     * @return each ref's outcome, or empty when this way does not take this push (the next way does)
     */
    Optional<List<PushedRef>> push(PushTarget target, List<RefSpec> specs) throws IOException, GitAPIException;
}
