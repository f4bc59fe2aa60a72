package org.annex.assistant.core.worktree;

/** A tree path git would not check out, and why. */
public record UnsafePath(String path, String reason) {
    @Override
    public String toString() {
        return "'" + path + "' (" + reason + ")";
    }
}
