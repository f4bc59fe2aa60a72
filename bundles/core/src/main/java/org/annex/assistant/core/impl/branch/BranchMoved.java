package org.annex.assistant.core.impl.branch;

import java.io.IOException;

/** The branch was moved by someone else between reading and updating it. */
final class BranchMoved extends IOException {
    private static final long serialVersionUID = 1L;

    BranchMoved(String message) {
        super(message);
    }
}
