/**
 * The work tree as git guards it: {@link org.annex.assistant.core.worktree.TreePaths} says whether a path
 * from another repository may be checked out (git's {@code verify_path} with {@code core.protectHFS} and
 * {@code core.protectNTFS}), {@link org.annex.assistant.core.worktree.WorkTreeFiles} finds the folder a file
 * goes into without following a symlink, {@link org.annex.assistant.core.worktree.TreeChange} lists what a
 * checkout from one tree to another writes or deletes. Every bundle that writes into a work tree what came from
 * elsewhere (gitsync's merges, transfer's pointer files) goes through both.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.annex.assistant.core.worktree;
