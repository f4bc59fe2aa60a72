package org.annex.assistant.api.annex;

/**
 * An annexed file that differs between two commits: {@code key} is its key in the newer commit, or for a
 * {@link Change#DELETED} file (gone, or no longer annexed) the key it had in the older one.
 */
public record AnnexedChange(Change change, String path, Key key) {
    public enum Change { ADDED, MODIFIED, DELETED }
}
