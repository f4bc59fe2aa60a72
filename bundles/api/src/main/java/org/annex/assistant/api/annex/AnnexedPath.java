package org.annex.assistant.api.annex;

/**
 * An annexed file of a git tree: its path from the work-tree root, its key, and whether it is locked (a
 * symlink into the object store) or unlocked (a pointer file).
 */
public record AnnexedPath(String path, Key key, boolean locked) {
}
