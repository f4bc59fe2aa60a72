/**
 * Git remotes that are git-annex repositories reachable as a local path. The implementation is in
 * {@code impl}; {@link org.annex.assistant.remote.git.GitRemotes} makes its factory without OSGi.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.annex.assistant.remote.git;
