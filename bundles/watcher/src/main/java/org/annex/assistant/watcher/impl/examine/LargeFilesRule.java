package org.annex.assistant.watcher.impl.examine;

/** Decides whether a file goes to the annex (large) or to git as a plain blob (small). */
interface LargeFilesRule {
    /** {@code relPath} is '/'-separated and relative to the work tree. */
    boolean isLarge(String relPath, long size);
}
