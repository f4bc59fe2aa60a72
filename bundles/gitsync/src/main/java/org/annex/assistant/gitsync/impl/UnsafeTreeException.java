package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.util.List;

import org.annex.assistant.core.worktree.UnsafePath;

/** A tree that brings paths git would not check out; nothing of it was written. */
final class UnsafeTreeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient List<UnsafePath> paths;

    UnsafeTreeException(List<UnsafePath> paths) {
        super("refusing a tree with paths git would not check out: " + paths);
        this.paths = List.copyOf(paths);
    }

    List<UnsafePath> paths() {
        return paths;
    }
}
