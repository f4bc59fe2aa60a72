package org.annex.assistant.gitsync.impl.push;

import org.eclipse.jgit.transport.RemoteRefUpdate;

/** One ref's outcome of a push, as JGit's push reports it, whichever way the push went. */
public record PushedRef(String remoteName, RemoteRefUpdate.Status status, String message) {
}
